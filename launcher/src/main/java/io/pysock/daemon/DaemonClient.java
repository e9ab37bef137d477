package io.pysock.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The short-lived half of {@code ./pysock run}: connects to the user's resident daemon (starting
 * it if there is none), sends the arguments, working directory and environment, then relays
 * stdout/stderr, stdin on request, and the signals this process gets, and exits with the run's
 * status. It must start in a fraction of a second, so it uses JDK classes only.
 *
 * <p>Arguments: {@code SOCKET START_COMMAND_FILE -- PYSOCK_ARGS...}. The start command file holds
 * the daemon's java command line, NUL-separated (written by the launcher script, which knows the
 * JVM flags).
 */
public final class DaemonClient {
    static final int INTERNAL_ERROR = 70;
    private static final long START_LIMIT_MS = 300_000; // a cold first boot on a busy 2-core machine

    private DaemonClient() {
    }

    public static void main(String[] argv) {
        int dash = Arrays.asList(argv).indexOf("--");
        if (dash != 2) {
            System.err.println("usage: DaemonClient SOCKET START_COMMAND_FILE -- PYSOCK_ARGS...");
            System.exit(2);
        }
        Path socket = Path.of(argv[0]);
        Path startCommand = Path.of(argv[1]);
        List<String> args = List.of(argv).subList(3, argv.length);
        System.exit(run(socket, startCommand, args, Caller.thisProcess()));
    }

    /**
     * What the client passes on: its working directory, environment and standard streams. A test
     * can be its own caller (several runs from one JVM, as separate processes would do).
     */
    public record Caller(String cwd, java.util.Map<String, String> env, InputStream in, OutputStream out,
            OutputStream err, boolean tty, boolean forwardSignals) {
        static Caller thisProcess() {
            java.io.Console console = System.console();
            boolean tty = console != null && isTerminal(console);
            return new Caller(System.getProperty("user.dir"), System.getenv(), new FileInputStream(FileDescriptor.in),
                    new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err), tty, true);
        }
    }

    /** Runs one pysock command through the daemon at {@code socket} (started if needed); its exit status. */
    public static int run(Path socket, Path startCommand, List<String> args, Caller caller) {
        boolean control = !args.isEmpty() && args.get(0).equals("daemon");
        SocketChannel ch = tryConnect(socket);
        if (ch == null) {
            if (control) {
                return DaemonControl.notRunning(args);
            }
            try {
                ch = startAndConnect(socket, startCommand);
            } catch (IOException | InterruptedException e) {
                System.err.println("pysock: could not start the resident engine: " + e.getMessage()
                        + " (log: " + logOf(socket) + "; PYSOCK_DAEMON=0 runs without it)");
                return INTERNAL_ERROR;
            }
        }
        try {
            return relay(ch, args, caller);
        } catch (IOException e) {
            System.err.println("pysock: lost the resident engine during the run (" + e.getMessage()
                    + "; log: " + logOf(socket) + ")");
            return INTERNAL_ERROR;
        }
    }

    static Path logOf(Path socket) {
        String name = socket.getFileName().toString();
        return socket.resolveSibling(name.substring(0, name.length() - ".sock".length()) + ".log");
    }

    static SocketChannel tryConnect(Path socket) {
        if (!Files.exists(socket)) {
            return null;
        }
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return ch;
        } catch (IOException e) {
            return null; // a socket file left by a daemon that is gone: start a new one
        }
    }

    private static SocketChannel startAndConnect(Path socket, Path startCommand) throws IOException, InterruptedException {
        Path lockFile = socket.resolveSibling(socket.getFileName() + ".start");
        try (FileChannel lc = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lc.lock()) {
            SocketChannel ch = tryConnect(socket); // another client may have started it meanwhile
            if (ch != null) {
                return ch;
            }
            List<String> cmd = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                cmd.add("/usr/bin/setsid"); // its own session: the terminal's Ctrl-C never reaches it
            }
            for (String part : Files.readString(startCommand, StandardCharsets.UTF_8).split("\0")) {
                if (!part.isEmpty()) {
                    cmd.add(part);
                }
            }
            Path log = logOf(socket);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true);
            Process p = pb.start();
            long end = System.currentTimeMillis() + START_LIMIT_MS;
            while (System.currentTimeMillis() < end) {
                ch = tryConnect(socket);
                if (ch != null) {
                    return ch;
                }
                if (!p.isAlive() && p.exitValue() != 0) {
                    throw new IOException("it exited with status " + p.exitValue());
                }
                Thread.sleep(20);
            }
            p.destroy();
            throw new IOException("it did not answer within " + START_LIMIT_MS / 1000 + " s");
        }
    }

    private static int relay(SocketChannel ch, List<String> args, Caller caller) throws IOException {
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16));
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(ch), 1 << 16));
        Frame.Request req = new Frame.Request(Frame.VERSION, args, caller.cwd(), caller.env(), caller.tty(), caller.tty());
        byte[] body = req.encode();
        Frame.write(out, Frame.REQUEST, body, 0, body.length);
        if (caller.forwardSignals()) {
            forwardSignals(out);
        }
        StdinPump stdin = new StdinPump(out, caller.in());
        OutputStream stdout = caller.out();
        OutputStream stderr = caller.err();
        boolean stdoutBroken = false;
        while (true) {
            Frame f;
            try {
                f = Frame.read(in);
            } catch (EOFException e) {
                throw new IOException("the connection closed before the run ended");
            }
            switch (f.type()) {
                case Frame.STDOUT -> {
                    if (!stdoutBroken) {
                        try {
                            stdout.write(f.body());
                            stdout.flush();
                        } catch (IOException e) {
                            stdoutBroken = true; // e.g. `| head`: the script gets BrokenPipeError
                            Frame.write(out, Frame.STDOUT_CLOSED, new byte[0], 0, 0);
                        }
                    }
                }
                case Frame.STDERR -> {
                    stderr.write(f.body());
                    stderr.flush();
                }
                case Frame.STDIN_WANTED -> stdin.want(f.asInt());
                case Frame.EXIT -> {
                    ch.close();
                    return f.asInt();
                }
                default -> throw new IOException("unexpected frame '" + (char) f.type() + "'");
            }
        }
    }

    private static boolean isTerminal(java.io.Console c) {
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c); // JDK 22+
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }

    @SuppressWarnings("restriction")
    private static void forwardSignals(DataOutputStream out) {
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> {
                    try {
                        Frame.writeInt(out, Frame.SIGNAL, s.getNumber());
                    } catch (IOException e) {
                        Runtime.getRuntime().halt(128 + s.getNumber()); // no daemon to tell: act as the default
                    }
                });
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal (-Xrs): it keeps its default meaning
            }
        }
    }

    /** Reads stdin only when the run asks for it, one read per request, on its own thread. */
    private static final class StdinPump {
        private final DataOutputStream out;
        private final InputStream in;
        private final LinkedBlockingQueue<Integer> wanted = new LinkedBlockingQueue<>();
        private Thread thread;

        StdinPump(DataOutputStream out, InputStream in) {
            this.out = out;
            this.in = in;
        }

        void want(int n) {
            if (thread == null) {
                thread = new Thread(this::loop, "stdin");
                thread.setDaemon(true);
                thread.start();
            }
            wanted.offer(Math.max(1, n));
        }

        private void loop() {
            byte[] buf = new byte[1 << 16];
            try {
                while (true) {
                    int n = wanted.take();
                    int r;
                    try {
                        r = in.read(buf, 0, Math.min(n, buf.length));
                    } catch (IOException e) {
                        r = -1; // stdin closed or unreadable: the script sees end of input
                    }
                    Frame.write(out, Frame.STDIN, buf, 0, Math.max(r, 0));
                    if (r < 0) {
                        return;
                    }
                }
            } catch (InterruptedException | IOException e) {
                // the run ended
            }
        }
    }
}
