package io.pysock.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.pysock.python.RunSignals;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The resident engine: one JVM per user and build, one warm GraalPy engine, serving
 * {@code pysock run}/{@code pysock test} commands from short-lived clients over a Unix socket.
 *
 * <p>Safety: the socket lives in a directory only the user can open (the launcher creates it
 * 0700 and refuses one that is not), the socket file is 0600, and a peer whose uid differs is
 * refused (SO_PEERCRED). Which build it serves is in the socket's name, so a changed build
 * (jars, pylib, JDK, JVM flags) starts its own daemon; a lock file ensures one per name.
 * It exits after an idle period with no run in progress.
 *
 * <p>Arguments: {@code SOCKET IDLE_SECONDS}.
 */
public final class Daemon {
    static final int STOPPING = -1000;

    private final Path socket;
    private final Duration idle;
    private final long started = System.nanoTime();
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile long lastActive = System.nanoTime();
    private volatile boolean stopping;
    private WarmEngine warm;
    private ServerSocketChannel server;

    private Daemon(Path socket, Duration idle) {
        this.socket = socket;
        this.idle = idle;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Daemon SOCKET IDLE_SECONDS");
            System.exit(2);
        }
        new Daemon(Path.of(args[0]), Duration.ofSeconds(Long.parseLong(args[1]))).serve();
    }

    private void serve() throws IOException, InterruptedException {
        Path lockFile = socket.resolveSibling(socket.getFileName() + ".lock");
        try (FileChannel lc = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lc.tryLock()) {
            if (lock == null) {
                log("another daemon serves " + socket + "; exiting");
                return;
            }
            installSignalHandlers();
            UserPrincipal me = socket.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            warm = new WarmEngine();
            // Bound under another name, made 0600, then renamed: the socket never appears at its
            // real name with the looser mode the umask gives it.
            Path fresh = socket.resolveSibling(socket.getFileName() + ".new");
            Files.deleteIfExists(fresh);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(fresh));
            Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
            Files.move(fresh, socket, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log("serving on " + socket + " (pid " + ProcessHandle.current().pid() + ", idle exit after "
                    + idle.toSeconds() + " s)");
            startIdleWatch();
            stopStaleSiblings();
            while (!stopping) {
                SocketChannel ch;
                try {
                    ch = server.accept();
                } catch (IOException e) {
                    if (stopping) {
                        break;
                    }
                    throw e;
                }
                UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
                if (!peer.user().equals(me)) {
                    log("refused a client of another user: " + peer.user().getName());
                    ch.close();
                    continue;
                }
                sessions.incrementAndGet();
                lastActive = System.nanoTime();
                Thread t = new Thread(new Session(ch, this), "pysock-session");
                t.setDaemon(true);
                t.start();
            }
        } finally {
            shutdown();
        }
    }

    /**
     * Daemons of the same checkout for another build, JDK or flag set will never be used again
     * (their name is no longer computed): stop them now rather than after their idle period.
     */
    private void stopStaleSiblings() {
        String ownName = socket.getFileName().toString();
        String ownKey = ownName.substring(0, ownName.length() - ".sock".length());
        String classes = Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]).toString();
        try (var files = Files.list(socket.getParent())) {
            for (Path cmd : files.filter(p -> p.toString().endsWith(".cmd")).toList()) {
                String key = cmd.getFileName().toString().replace(".cmd", "");
                Path other = cmd.resolveSibling(key + ".sock");
                if (key.equals(ownKey) || !Files.exists(other) || !Files.readString(cmd).contains(classes + ":")) {
                    continue;
                }
                var sink = java.io.OutputStream.nullOutputStream();
                int status = DaemonClient.run(other, cmd, List.of("daemon", "stop"), new DaemonClient.Caller("/",
                        java.util.Map.of(), java.io.InputStream.nullInputStream(), sink, sink, false, false));
                log("stopped the daemon of an older build (" + other.getFileName() + "): " + status);
            }
        } catch (IOException e) {
            log("could not look for older daemons: " + e.getMessage());
        }
    }

    WarmEngine warm() {
        return warm;
    }

    void sessionEnded() {
        lastActive = System.nanoTime();
        sessions.decrementAndGet();
    }

    /** {@code pysock daemon status|stop}, answered by the daemon itself. */
    int control(List<String> args, PrintStream out, PrintStream err) {
        String what = args.isEmpty() ? "status" : args.get(0);
        switch (what) {
            case "status" -> {
                Runtime rt = Runtime.getRuntime();
                System.gc(); // so "heap used" is what runs left behind, not garbage
                out.println("pysock daemon: running");
                out.println("pid: " + ProcessHandle.current().pid());
                out.println("socket: " + socket);
                out.println("uptime: " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
                out.println("runs served: " + warm.served());
                out.println("runs active: " + (sessions.get() - 1));
                out.println("heap used: " + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB");
                // pysock's own threads are what a run could leave behind; the JVM's (JIT compiler
                // threads among them) come and go with its load.
                long ours = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("pysock-")).count();
                out.println("threads: " + ManagementFactory.getThreadMXBean().getThreadCount() + " (pysock: " + ours + ")");
                out.println("idle exit: after " + idle.toSeconds() + " s without a run");
                return 0;
            }
            case "stop" -> {
                out.println("pysock daemon: stopping (pid " + ProcessHandle.current().pid() + ")");
                return STOPPING;
            }
            default -> {
                err.println("pysock daemon: unknown command '" + what + "' (status or stop)");
                return 2;
            }
        }
    }

    void stop() {
        stopping = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing wakes accept(); nothing else to do
        }
    }

    private void shutdown() {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // a later daemon deletes a stale socket file itself
        }
        log("stopped");
        // Runs still going end with the JVM, as processes would end with a machine.
        Runtime.getRuntime().halt(0);
    }

    private void startIdleWatch() {
        Thread t = new Thread(() -> {
            while (!stopping) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                if (sessions.get() == 0 && System.nanoTime() - lastActive > idle.toNanos()) {
                    log("idle for " + idle.toSeconds() + " s: exiting");
                    stop();
                    return;
                }
            }
        }, "pysock-idle-watch");
        t.setDaemon(true);
        t.start();
    }

    @SuppressWarnings("restriction")
    private void installSignalHandlers() {
        // Terminal signals never reach the daemon (its own session); runs get theirs from their
        // clients. A real SIGTERM to the daemon stops it; the others are ignored so that no run can
        // end the daemon with os.kill.
        sun.misc.SignalHandler h = s -> {
            if (s.getNumber() == 15) {
                log("SIGTERM: exiting");
                stop();
            }
        };
        RunSignals.setDaemonHandler(h);
        for (String name : new String[] {"INT", "TERM", "HUP", "USR1", "USR2", "WINCH"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), h);
            } catch (IllegalArgumentException ignored) {
                // reserved by the JVM
            }
        }
    }

    static void log(String s) {
        System.out.println(java.time.Instant.now() + " pysock daemon: " + s);
        System.out.flush();
    }
}
