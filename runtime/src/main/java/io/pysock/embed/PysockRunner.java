package io.pysock.embed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

import io.pysock.net.NetworkPolicy;
import io.pysock.python.PythonEngine;
import io.pysock.python.PythonSession;
import io.pysock.python.RunOptions;
import io.pysock.python.RunningScript;

/**
 * Runs Python scripts from Java on pysock's sockets: build it once (it holds one GraalPy engine,
 * shared by every run, so compiled code is shared too), run scripts on the calling thread or
 * start several at once, load a script to call its functions, and share sockets and addresses
 * with scripts through {@link #endpoints()}. Closing the runner stops what still runs and closes
 * every socket its scripts made and every endpoint socket.
 *
 * <pre>{@code
 * try (PysockRunner runner = PysockRunner.builder()
 *         .network(NetworkPolicy.loopbackOnly())
 *         .build()) {
 *     RunResult r = runner.run(Script.file(Path.of("client3.py")).args("127.0.0.1"));
 *     System.out.print(r.stdout());
 * } catch (PythonException e) {
 *     System.err.print(e.pythonTraceback());
 * }
 * }</pre>
 *
 * <p>Scripts reach no Java class or object: only pysock's sockets and, through
 * {@code from pysock import java}, the endpoints registered here.
 */
public final class PysockRunner implements AutoCloseable {
    /** Settings every script gets unless it sets its own. */
    record Defaults(Path workingDirectory, Map<String, String> environment, RunOptions.PythonMode mode,
            boolean trace, NetworkPolicy network, java.util.List<Path> path, Path venv) {
    }

    private final PythonEngine engine;
    private final boolean ownsEngine;
    private final Defaults defaults;
    private final Endpoints endpoints = new Endpoints();
    private final Set<ScriptRun> running = ConcurrentHashMap.newKeySet();
    private final Set<LoadedScript> loaded = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private PysockRunner(PythonEngine engine, boolean ownsEngine, Defaults defaults) {
        this.engine = engine;
        this.ownsEngine = ownsEngine;
        this.defaults = defaults;
    }

    /** A runner with the defaults: detect Python 2/3, no trace, every address allowed. */
    public static PysockRunner create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs a script to its end and returns how it ended.
     *
     * @throws PythonException the script ended in an uncaught exception (carrying its traceback
     *         and the {@link RunResult})
     */
    public RunResult run(Script script) {
        ScriptRun r = start(script);
        try {
            return r.waitFor(Duration.ofDays(365L * 100));
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            // the caller's thread was interrupted: end the script (status 130) and keep the flag
            Thread.currentThread().interrupt();
            try {
                return r.stop(Duration.ofSeconds(10));
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping " + script, again);
            }
        }
    }

    /** Starts a script on a thread of its own and returns at once. */
    public ScriptRun start(Script script) {
        checkOpen();
        RunSetup setup = new RunSetup(script, defaults, endpoints);
        ScriptRun[] self = new ScriptRun[1];
        RunningScript handle = engine.start(setup.options, setup);
        self[0] = new ScriptRun(handle, setup, () -> running.remove(self[0]));
        running.add(self[0]);
        return self[0];
    }

    /**
     * Loads a script (or module, or code) and keeps it alive so Java can call its functions:
     * its top level runs now, as a module named after the file. Close the result when done (the
     * runner's close does it too).
     *
     * @throws PythonException its top level raised
     */
    public LoadedScript load(Script script) {
        checkOpen();
        RunSetup setup = new RunSetup(script, defaults, endpoints);
        RunOptions o = setup.options;
        PythonSession session = engine.openSession(o, setup);
        String name = switch (o.kind()) {
            case SCRIPT -> moduleName(Path.of(o.target()));
            case MODULE -> o.target();
            case CODE -> "__pysock_code__";
        };
        Value namespace;
        try {
            namespace = session.load(o, name);
        } catch (PolyglotException e) {
            RuntimeException converted = LoadedScript.pythonException(session, e);
            session.close();
            throw converted;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        LoadedScript[] self = new LoadedScript[1];
        self[0] = new LoadedScript(session, namespace, setup, () -> loaded.remove(self[0]));
        loaded.add(self[0]);
        return self[0];
    }

    private static String moduleName(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".py") ? n.substring(0, n.length() - 3) : n;
    }

    /** The sockets and addresses shared with this runner's scripts ({@code from pysock import java}). */
    public Endpoints endpoints() {
        return endpoints;
    }

    /** GraalPy's Python version, e.g. "3.12.8". */
    public String pythonVersion() {
        return engine.pythonVersion();
    }

    /** Whether the Graal JIT compiles Python code (the JVM was started with the flags in the README). */
    public boolean jitEnabled() {
        return engine.jitEnabled();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this PysockRunner is closed");
        }
    }

    /**
     * Stops every running script (waiting up to 10 s each), closes loaded scripts, every socket
     * they made and every endpoint socket, then the engine (unless it was given to the builder).
     * Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        for (ScriptRun r : running.toArray(new ScriptRun[0])) {
            try {
                r.stop(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (LoadedScript l : loaded.toArray(new LoadedScript[0])) {
            l.close();
        }
        endpoints.closeAll();
        if (ownsEngine && running.isEmpty() && loaded.isEmpty()) {
            try {
                engine.close();
            } catch (IllegalStateException | PolyglotException e) {
                // a context is still closing on another thread; the engine goes with the JVM
            }
        }
    }

    /**
     * Settings for a {@link PysockRunner}; each is a default a {@link Script} can override.
     *
     * <pre>{@code
     * PysockRunner runner = PysockRunner.builder()
     *         .workingDirectory(Path.of("work"))
     *         .env("PYTHONIOENCODING", "utf-8")
     *         .python3()
     *         .trace(false)
     *         .network(NetworkPolicy.loopbackOnly())
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private Path workingDirectory;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private RunOptions.PythonMode mode = RunOptions.PythonMode.AUTO;
        private boolean trace;
        private NetworkPolicy network = NetworkPolicy.ALLOW_ALL;
        private PythonEngine engine;
        private final java.util.List<Path> path = new java.util.ArrayList<>();
        private Path venv;

        private Builder() {
        }

        /** Library folders (or .zip/.jar files of Python modules) on every script's {@code sys.path}. */
        public Builder path(Path... dirs) {
            for (Path d : dirs) {
                path.add(d.toAbsolutePath().normalize());
            }
            return this;
        }

        /**
         * A virtual environment every script gets the site-packages of (see {@link Script#venv}).
         *
         * @throws IllegalArgumentException {@code dir} is not a virtual environment
         */
        public Builder venv(Path dir) {
            Path v = dir.toAbsolutePath().normalize();
            if (!io.pysock.python.Venvs.isVenv(v)) {
                throw new IllegalArgumentException(dir + " is not a virtual environment (no lib/python3.*/site-packages in it)");
            }
            venv = v;
            return this;
        }

        /** The scripts' working directory (default: the JVM's). */
        public Builder workingDirectory(Path dir) {
            workingDirectory = dir.toAbsolutePath().normalize();
            return this;
        }

        /** Environment variables added for every script (on top of the JVM's). */
        public Builder environment(Map<String, String> vars) {
            environment.putAll(vars);
            return this;
        }

        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Python 2/3: detect (default), or force. */
        public Builder pythonMode(RunOptions.PythonMode m) {
            mode = m;
            return this;
        }

        public Builder python2() {
            return pythonMode(RunOptions.PythonMode.PY2);
        }

        public Builder python3() {
            return pythonMode(RunOptions.PythonMode.PY3);
        }

        /** Logs every socket call of every script to that script's stderr. */
        public Builder trace(boolean on) {
            trace = on;
            return this;
        }

        /** What scripts' sockets may bind, connect and send to (default: everything). */
        public Builder network(NetworkPolicy policy) {
            network = policy == null ? NetworkPolicy.ALLOW_ALL : policy;
            return this;
        }

        /** Shares an engine you made (and will close) instead of creating one. */
        public Builder engine(PythonEngine e) {
            engine = e;
            return this;
        }

        public PysockRunner build() {
            Defaults d = new Defaults(workingDirectory, Map.copyOf(environment), mode, trace, network,
                    java.util.List.copyOf(path), venv);
            return engine != null ? new PysockRunner(engine, false, d) : new PysockRunner(PythonEngine.create(), true, d);
        }
    }
}
