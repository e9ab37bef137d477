package io.pysock.python;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

import io.pysock.net.SelectableInput;
import io.pysock.net.SocketModule;

/**
 * One GraalPy engine, shared by every script run in this JVM (compiled code is shared too).
 * Each run gets its own context, in which pysock's {@code _socket} is installed before any user
 * code runs.
 *
 * <pre>{@code
 * try (PythonEngine engine = PythonEngine.create()) {
 *     int status = engine.run(RunOptions.script("client.py"));
 * }
 * }</pre>
 */
public final class PythonEngine implements AutoCloseable {
    /**
     * Scripts reach exactly the methods pysock marks for them ({@link HostAccess.Export}), plus
     * arrays and maps for bulk data; no other Java class or object.
     */
    static final HostAccess BRIDGE_ACCESS = HostAccess.newBuilder()
            .allowAccessAnnotatedBy(HostAccess.Export.class)
            .allowArrayAccess(true)
            .allowMapAccess(true)
            .build();

    static final Source BOOTSTRAP = Source.create("python", "import pysock._bootstrap as b\nb");

    private final Engine engine;
    private final Path pylib;

    private PythonEngine(Engine engine, Path pylib) {
        this.engine = engine;
        this.pylib = pylib;
    }

    public static PythonEngine create() {
        Engine engine = Engine.newBuilder("python")
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        return new PythonEngine(engine, Pylib.locate());
    }

    /** "GraalVM CE" when the Graal JIT is on, "Interpreted" when it is not. */
    public String implementationName() {
        return engine.getImplementationName();
    }

    public boolean jitEnabled() {
        return !"Interpreted".equals(engine.getImplementationName());
    }

    /** pysock's and GraalPy's versions as built (from version.properties). */
    public static Properties versions() {
        Properties p = new Properties();
        try (InputStream in = PythonEngine.class.getResourceAsStream("/io/pysock/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // versions are informational
        }
        return p;
    }

    public String pythonVersion() {
        return engine.getLanguages().get("python").getVersion();
    }

    /** Runs a script to its end on this thread and returns its exit status (0 ok, 1 uncaught exception, ...). */
    public int run(RunOptions o) {
        return run(o, new SocketModule(), RunHook.NONE);
    }

    /** Runs with a socket module set up by the caller (port isolation, readiness; see SocketModule). */
    public int run(RunOptions o, SocketModule sockets) {
        return run(o, sockets, RunHook.NONE);
    }

    /** {@link #run(RunOptions)} with an embedder's per-run set-up (io.pysock.embed). */
    public int run(RunOptions o, RunHook hook) {
        return run(o, new SocketModule(), hook);
    }

    public int run(RunOptions o, SocketModule sockets, RunHook hook) {
        return execute(o, sockets, hook, ctx -> { });
    }

    /** Starts a script on a thread of its own; the handle waits for it or stops it. */
    public RunningScript start(RunOptions o) {
        return start(o, new SocketModule(), RunHook.NONE);
    }

    /** Starts with a socket module set up by the caller; {@link RunningScript#sockets()} gives it back. */
    public RunningScript start(RunOptions o, SocketModule sockets) {
        return start(o, sockets, RunHook.NONE);
    }

    /** {@link #start(RunOptions)} with an embedder's per-run set-up. */
    public RunningScript start(RunOptions o, RunHook hook) {
        return start(o, new SocketModule(), hook);
    }

    public RunningScript start(RunOptions o, SocketModule sockets, RunHook hook) {
        RunningScript handle = new RunningScript(o.target(), sockets);
        Thread t = new Thread(() -> {
            try {
                handle.finished(execute(o, sockets, hook, handle::attach));
            } catch (Throwable e) {
                handle.failed(e);
            }
        }, "pysock-script");
        t.setDaemon(true);
        handle.runsOn(t);
        t.start();
        return handle;
    }

    /**
     * A context booted ahead of its run, for a JVM serving many runs (see {@link PreparedContext});
     * {@code grants} gives the socket layer and host access (its target is ignored); Python 2
     * scripts are translated by {@code translator} (null: in the context itself).
     */
    public PreparedContext prepare(RunOptions grants, HostTranslator translator) {
        return PreparedContext.boot(this, grants, translator);
    }

    /** True if a run with these options can use a context prepared with the default grants. */
    public static boolean fitsPrepared(RunOptions o) {
        return PreparedContext.fits(o);
    }

    /**
     * A context with pysock installed and no user code run: Java calls into it (the embedding
     * API's loaded scripts). Closing the session closes the context and its sockets.
     */
    public PythonSession openSession(RunOptions o, RunHook hook) {
        SelectableInput stdin = new SelectableInput(o.in() != null ? o.in() : System.in);
        Context ctx = newContext(o, stdin, hook);
        SocketModule sockets = new SocketModule();
        sockets.setStdin(stdin);
        try {
            hook.prepare(ctx, sockets);
            Value boot = ctx.eval(BOOTSTRAP);
            boot.getMember("install").execute(sockets, true, UnicodeData.INSTANCE);
            return new PythonSession(ctx, sockets, boot, Pylib.cacheDir().resolve("py2").toString());
        } catch (RuntimeException e) {
            closeCancelling(ctx);
            sockets.closeAll();
            throw e;
        }
    }

    private int execute(RunOptions o, SocketModule sockets, RunHook hook,
            java.util.function.Consumer<Context> onContext) {
        if (o.trace()) {
            // The run's own trace, on its own stderr: runs sharing the JVM never show each other's calls.
            sockets.setTrace(o.err() == null ? System.err : o.err() instanceof java.io.PrintStream ps ? ps
                    : new java.io.PrintStream(o.err(), true, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (o.network() != null) {
            sockets.setPolicy(o.network());
        }
        // select() can wait on the script's stdin only through a stream that can say "readable".
        SelectableInput stdin = new SelectableInput(o.in() != null ? o.in() : System.in);
        Context ctx = newContext(o, stdin, hook);
        onContext.accept(ctx);
        sockets.setStdin(stdin);
        {
            try {
                hook.prepare(ctx, sockets);
                Value boot = ctx.eval(BOOTSTRAP);
                boot.getMember("install").execute(sockets, o.sockets() == RunOptions.Sockets.PYSOCK,
                        UnicodeData.INSTANCE);
                SignalBridge.install();
                int status = runScript(boot, o);
                hook.finished(ctx, status);
                return status;
            } catch (PolyglotException e) {
                return exitStatus(e);
            } finally {
                closeCancelling(ctx);
                sockets.closeAll(); // a script's sockets end with it, as a process's fds do
            }
        }
    }

    /** Runs the script of {@code o} in a context booted with {@code boot}; its exit status. */
    static int runScript(Value boot, RunOptions o) {
        setLibraries(boot, o);
        return boot.getMember("run").execute(
                o.kind().name().toLowerCase(), o.target(), o.args().toArray(new String[0]),
                o.mode().name().toLowerCase(), Pylib.cacheDir().resolve("py2").toString()).asInt();
    }

    /** The run's --path folders and --venv, applied by the bootstrap when the run starts. */
    static void setLibraries(Value boot, RunOptions o) {
        boot.getMember("set_libraries").execute(o.path().toArray(new String[0]), o.venv());
    }

    /** The exit status of a run that ended in Java's view: sys.exit/os._exit, or cancelled (Ctrl-C). */
    static int exitStatus(PolyglotException e) {
        if (e.isExit()) {
            return e.getExitStatus();
        }
        if (e.isCancelled() || e.isInterrupted()) {
            return 130;
        }
        throw e;
    }

    /** Closes a context, ending the daemon threads a script left running (as CPython's exit does). */
    static void closeCancelling(Context ctx) {
        try {
            ctx.close(true);
        } catch (PolyglotException e) {
            if (!e.isCancelled() && !e.isExit()) {
                throw e;
            }
        }
    }

    Context newContext(RunOptions o, SelectableInput stdin, RunHook hook) {
        try {
            Pylib.verify(pylib); // a script of an earlier run may have written there
        } catch (IOException e) {
            throw new IllegalStateException("pysock: cannot check the unpacked pylib at " + pylib + ": " + e, e);
        }
        boolean java = o.allowJava();
        Context.Builder b = Context.newBuilder("python")
                .engine(engine)
                .allowHostAccess(java ? HostAccess.ALL : BRIDGE_ACCESS)
                .allowHostClassLookup(name -> java)
                .allowCreateThread(true)
                .allowEnvironmentAccess(EnvironmentAccess.INHERIT)
                .allowIO(IOAccess.newBuilder()
                        .allowHostFileAccess(true)
                        // GraalPy's own sockets exist only when asked for, for side-by-side comparison.
                        .allowHostSocketAccess(o.sockets() == RunOptions.Sockets.GRAALPY)
                        .build())
                .option("python.PythonPath", pylib.toString())
                .option("python.InstallSignalHandlers", "true")
                .option("python.WarnExperimentalFeatures", "false");
        // Embedded GraalPy writes no .pyc by default, so every run re-parsed socket, threading,
        // ast, hashlib, pysock's own modules and (for Python 2) lib2to3: seconds per cold run.
        // The mirror tree under pysock's cache keeps the stdlib's and pylib's folders untouched.
        // PYTHONDONTWRITEBYTECODE is not honoured: it is set to keep __pycache__ folders out of
        // source trees, and these files never go there. PYSOCK_PYC=0 switches them off (to compare,
        // or to rule them out).
        if (!"0".equals(System.getenv("PYSOCK_PYC"))) {
            b.option("python.DontWriteBytecodeFlag", "false")
                    .option("python.PyCachePrefix", Pylib.cacheDir().resolve("pyc").toString());
        }
        b.in(stdin);
        if (o.out() != null) {
            b.out(o.out());
        }
        if (o.err() != null) {
            b.err(o.err());
        }
        hook.configure(b);
        return b.build();
    }

    @Override
    public void close() {
        engine.close();
    }
}
