package io.pysock.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

import io.pysock.net.SelectableInput;
import io.pysock.net.SocketModule;

/**
 * A context booted ahead of its run, for a JVM that serves many runs (the resident daemon): pysock
 * is installed and {@code socket} imported before anyone asks, so a run starts at once.
 *
 * <p>Everything that differs between runs is set when the run arrives, not when the context is
 * built: its streams go through relays that are pointed at the run's, and the working directory
 * and environment are applied inside Python (the context itself starts with no host
 * environment). Each context serves one run and is closed after it, so no state of one run is
 * seen by the next (drip's rule: a fresh spare, never a reused one).
 */
public final class PreparedContext implements AutoCloseable {
    private final Context ctx;
    private final SocketModule sockets;
    private final RunSignals signals;
    private final Value boot;
    private final OutputRelay out;
    private final OutputRelay err;
    private final InputRelay in;
    private volatile int endedWith = -1;
    private volatile boolean running;
    private volatile int early;
    private volatile boolean done;
    private final CompletableFuture<Job> job = new CompletableFuture<>();

    private PreparedContext(Context ctx, SocketModule sockets, RunSignals signals, Value boot,
            OutputRelay out, OutputRelay err, InputRelay in) {
        this.ctx = ctx;
        this.sockets = sockets;
        this.signals = signals;
        this.boot = boot;
        this.out = out;
        this.err = err;
        this.in = in;
    }

    /**
     * Boots a context on a thread of its own, which later runs the script: Python's main thread
     * is the one that started the context, and only the main thread runs signal handlers and is
     * what {@code threading.main_thread()} names. Returns once the context is booted.
     */
    static PreparedContext boot(PythonEngine engine, RunOptions grants, HostTranslator translator) {
        CompletableFuture<PreparedContext> booted = new CompletableFuture<>();
        Thread main = new Thread(() -> live(engine, grants, translator, booted), "pysock-run");
        main.setDaemon(true);
        main.start();
        try {
            return booted.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while booting a context", e);
        }
    }

    private static void live(PythonEngine engine, RunOptions grants, HostTranslator translator,
            CompletableFuture<PreparedContext> booted) {
        PreparedContext pc;
        try {
            pc = bootHere(engine, grants, translator);
        } catch (Throwable e) {
            booted.completeExceptionally(e);
            return;
        }
        booted.complete(pc);
        Job job;
        try {
            job = pc.job.get();
        } catch (InterruptedException | ExecutionException | java.util.concurrent.CancellationException e) {
            PythonEngine.closeCancelling(pc.ctx); // never used: the daemon is stopping
            return;
        }
        try {
            job.result.complete(pc.runHere(job.o, job.cwd, job.environment, job.lineBuffered));
        } catch (Throwable e) {
            job.result.completeExceptionally(e);
        }
    }

    private static PreparedContext bootHere(PythonEngine engine, RunOptions grants, HostTranslator translator) {
        OutputRelay out = new OutputRelay();
        OutputRelay err = new OutputRelay();
        InputRelay in = new InputRelay();
        SelectableInput stdin = new SelectableInput(in);
        SocketModule sockets = new SocketModule();
        PreparedContext[] self = new PreparedContext[1];
        RunSignals signals = new RunSignals(status -> self[0].end(status), sockets::interruptWaits);
        RunOptions o = grants.withStreams(in, out, err);
        Context ctx = engine.newContext(o, stdin, new RunHook() {
            @Override
            public void configure(Context.Builder b) {
                b.allowEnvironmentAccess(EnvironmentAccess.NONE); // the run's own environment comes later
            }
        });
        sockets.setStdin(stdin);
        sockets.setSignalRouting(signals);
        try {
            Value boot = RunSignals.booting(() -> {
                Value b = ctx.eval(PythonEngine.BOOTSTRAP);
                b.getMember("install").execute(sockets, o.sockets() == RunOptions.Sockets.PYSOCK,
                        UnicodeData.INSTANCE);
                b.getMember("warm_up").execute(translator);
                return b;
            }, signals);
            self[0] = new PreparedContext(ctx, sockets, signals, boot, out, err, in);
            return self[0];
        } catch (RuntimeException e) {
            PythonEngine.closeCancelling(ctx);
            sockets.closeAll();
            throw e;
        }
    }

    private record Job(RunOptions o, Path cwd, Map<String, String> environment, boolean lineBuffered,
            CompletableFuture<Integer> result) {
    }

    /** True if a run with these options can use this context (it was booted with the same grants). */
    static boolean fits(RunOptions o) {
        return !o.allowJava() && o.sockets() == RunOptions.Sockets.PYSOCK;
    }

    /**
     * Runs {@code o} here as if it were a process of its own started in {@code cwd} with
     * {@code environment}; returns its exit status. The streams of {@code o} must be set.
     */
    public int run(RunOptions o, Path cwd, Map<String, String> environment, boolean lineBuffered) {
        Job j = new Job(o, cwd, environment, lineBuffered, new CompletableFuture<>());
        if (!job.complete(j)) {
            throw new IllegalStateException("a prepared context serves one run");
        }
        try {
            return j.result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(130);
            return 130;
        }
    }

    private int runHere(RunOptions o, Path cwd, Map<String, String> environment, boolean lineBuffered) {
        out.to(o.out());
        err.to(o.err());
        in.from(o.in());
        if (o.trace()) {
            sockets.setTrace(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        }
        if (o.network() != null) {
            sockets.setPolicy(o.network());
        }
        running = true;
        if (early != 0) {
            done = true;
            return 128 + early;
        }
        try {
            boot.getMember("enter_process").execute(cwd.toString(),
                    environment.keySet().toArray(new String[0]), environment.values().toArray(new String[0]),
                    lineBuffered);
            int status = PythonEngine.runScript(boot, o);
            return endedWith >= 0 ? endedWith : status;
        } catch (PolyglotException e) {
            return endedWith >= 0 ? endedWith : PythonEngine.exitStatus(e);
        } finally {
            done = true;
            sockets.closeAll(); // a run's sockets end with it, as a process's fds do
        }
    }

    /** A signal the run's client received. */
    public void signal(int signum) {
        if (running && !done) {
            signals.deliver(signum);
        } else if (!running) {
            early = signum; // before the script started: the default action, as for a process starting up
        }
    }

    /** Ends the run now with {@code status} (its client went away, or a signal's default action). */
    public void end(int status) {
        if (done || endedWith >= 0) {
            return;
        }
        endedWith = status;
        Thread closer = new Thread(() -> PythonEngine.closeCancelling(ctx), "pysock-end-run");
        closer.setDaemon(true);
        closer.start();
        sockets.closeAll();
        sockets.interruptWaits();
    }

    /** The run's socket module (its sockets, policy and trace). */
    public SocketModule sockets() {
        return sockets;
    }

    @Override
    public void close() {
        job.cancel(false); // a spare never used: its thread closes it
        try {
            PythonEngine.closeCancelling(ctx);
        } catch (RuntimeException e) {
            // already closed by end()
        }
    }

    /** An output stream whose target is chosen when the run arrives. */
    static final class OutputRelay extends OutputStream {
        private volatile OutputStream target = OutputStream.nullOutputStream();

        void to(OutputStream t) {
            target = t != null ? t : OutputStream.nullOutputStream();
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }
    }

    /** An input stream whose source is chosen when the run arrives. */
    static final class InputRelay extends InputStream {
        private volatile InputStream source = InputStream.nullInputStream();

        void from(InputStream s) {
            source = s != null ? s : InputStream.nullInputStream();
        }

        @Override
        public int read() throws IOException {
            return source.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return source.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return source.available();
        }
    }
}
