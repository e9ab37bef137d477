package io.pysock.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;

import io.pysock.cli.Invocation;
import io.pysock.cli.Pysock;
import io.pysock.cli.ScriptHost;
import io.pysock.python.PreparedContext;
import io.pysock.python.PythonEngine;
import io.pysock.python.RunOptions;

/**
 * One client connection: one {@code pysock} command, run as if in the client's own process. A
 * reader thread takes the client's frames (stdin, signals); the command runs on this thread; if
 * the client goes away (closed, or killed with -9) the run is ended and its sockets closed.
 */
final class Session implements Runnable, ScriptHost {
    private final SocketChannel channel;
    private final Daemon daemon;
    private final DataOutputStream wire;
    private final DataInputStream frames;
    private volatile PreparedContext active;
    private volatile boolean clientGone;
    private volatile int early;
    private volatile Thread commandThread;
    private volatile boolean isRun; // the command is `run` (a signal then goes to its script)

    Session(SocketChannel channel, Daemon daemon) {
        this.channel = channel;
        this.daemon = daemon;
        this.wire = new DataOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
        this.frames = new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
    }

    @Override
    public void run() {
        try (channel) {
            Frame first = Frame.read(frames);
            if (first.type() != Frame.REQUEST) {
                return;
            }
            Frame.Request req = Frame.Request.decode(first.body());
            FrameOutputStream out = new FrameOutputStream(wire, Frame.STDOUT);
            FrameOutputStream err = new FrameOutputStream(wire, Frame.STDERR);
            PrintStream errText = new PrintStream(err, true, StandardCharsets.UTF_8);
            int status;
            if (req.version() != Frame.VERSION) {
                errText.println("pysock: this client and the resident engine differ (protocol " + req.version()
                        + " vs " + Frame.VERSION + "); run `pysock daemon stop` and try again");
                status = DaemonClient.INTERNAL_ERROR;
            } else if (!req.args().isEmpty() && req.args().get(0).equals("daemon")) {
                status = daemon.control(req.args().subList(1, req.args().size()),
                        new PrintStream(out, true, StandardCharsets.UTF_8), errText);
            } else {
                status = command(req, out, err, errText);
            }
            if (!clientGone) {
                Frame.writeInt(wire, Frame.EXIT, status);
            }
            if (status == Daemon.STOPPING) {
                daemon.stop();
            }
        } catch (IOException e) {
            // the client went away before or after its run: nothing to tell it
        } finally {
            daemon.sessionEnded();
        }
    }

    private int command(Frame.Request req, FrameOutputStream out, FrameOutputStream err, PrintStream errText) {
        RemoteStdin stdin = new RemoteStdin(wire);
        Thread reader = new Thread(() -> readClient(stdin, out), "pysock-client-reader");
        reader.setDaemon(true);
        reader.start();
        Invocation inv = new Invocation(stdin, new PrintStream(out, true, StandardCharsets.UTF_8), errText,
                Path.of(req.cwd()), req.env(), req.stdoutTty(), this);
        isRun = !req.args().isEmpty() && req.args().get(0).equals("run");
        commandThread = Thread.currentThread();
        try {
            return Pysock.execute(inv, req.args().toArray(new String[0]));
        } catch (RuntimeException e) {
            errText.println("pysock: internal error: " + e);
            return DaemonClient.INTERNAL_ERROR;
        }
    }

    private void readClient(RemoteStdin stdin, FrameOutputStream out) {
        try {
            while (true) {
                Frame f = Frame.read(frames);
                switch (f.type()) {
                    case Frame.STDIN -> stdin.arrived(f.body());
                    case Frame.SIGNAL -> signal(f.asInt());
                    case Frame.STDOUT_CLOSED -> out.markBroken();
                    default -> { } // a newer client's frame: ignore
                }
            }
        } catch (IOException e) {
            clientGone = true;
            stdin.closed();
            PreparedContext pc = active;
            if (pc != null) {
                pc.end(128 + 9); // as if the run's process had been killed with its client
            }
        }
    }

    private void signal(int signum) {
        PreparedContext pc = active;
        if (pc != null) {
            pc.signal(signum);
        } else {
            early = signum; // before the script started: its default action, as for a process starting up
            Thread t = commandThread;
            if (t != null && !isRun) {
                t.interrupt(); // pysock test: stops its scenarios
            }
        }
    }

    // ---------------------------------------------------------------- ScriptHost: runs on the warm engine

    @Override
    public int run(RunOptions o, Invocation inv) {
        long t0 = System.nanoTime();
        PreparedContext pc = daemon.warm().contextFor(o);
        long t1 = System.nanoTime();
        active = pc;
        int status = 70;
        try {
            if (clientGone) {
                return status = 128 + 9;
            }
            if (early != 0) {
                return status = 128 + early;
            }
            return status = pc.run(o, inv.cwd(), inv.env(), inv.lineBuffered());
        } finally {
            active = null;
            daemon.warm().retire(pc);
            Daemon.log(String.format(java.util.Locale.ROOT, "run %s: context after %d ms, ran %d ms, status %d",
                    o.target().length() > 40 ? o.target().substring(0, 40) + "..." : o.target(),
                    (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000, status));
        }
    }

    @Override
    public <T> T withEngine(Function<PythonEngine, T> work) {
        return work.apply(daemon.warm().engine());
    }
}
