package io.pysock.embed;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

import io.pysock.net.NetworkPolicy;
import io.pysock.net.SocketModule;
import io.pysock.python.RunHook;
import io.pysock.python.RunOptions;

/**
 * One run's set-up, from a {@link Script} and its runner's defaults: the {@link RunOptions}, the
 * captured streams, and the {@link RunHook} that sets the working directory, environment, network
 * policy, trace and the {@code pysock.java} endpoints, and reads the exception that ended the run.
 */
final class RunSetup implements RunHook {
    private static final Source JAVA_MODULE = Source.create("python", "import pysock.java as m\nm");
    private static final Source LAST_FAILURE = Source.create("python", "import pysock._bootstrap as b\nb.last_failure");

    final RunOptions options;
    private final Script script;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final NetworkPolicy policy;
    private final boolean trace;
    private final Endpoints endpoints;
    private final ByteArrayOutputStream capturedOut;
    private final ByteArrayOutputStream capturedErr;
    private final OutputStream err;
    private final long started = System.nanoTime();
    private volatile String[] failure; // type, message, traceback

    RunSetup(Script script, PysockRunner.Defaults d, Endpoints endpoints) {
        this.script = script;
        this.workingDirectory = script.workingDirectoryOr(d.workingDirectory());
        this.environment = script.environmentOver(d.environment());
        this.policy = script.networkOr(d.network());
        this.trace = script.traceOr(d.trace());
        this.endpoints = endpoints;
        this.capturedOut = script.stdoutStream() == null ? new ByteArrayOutputStream() : null;
        this.capturedErr = script.stderrStream() == null ? new ByteArrayOutputStream() : null;
        OutputStream out = capturedOut != null ? capturedOut : script.stdoutStream();
        this.err = capturedErr != null ? capturedErr : script.stderrStream();
        RunOptions o = switch (script.kind()) {
            case SCRIPT -> RunOptions.script(script.target());
            case MODULE -> RunOptions.module(script.target());
            case CODE -> RunOptions.code(script.target());
        };
        Path venv = script.venvOr(d.venv());
        this.options = o.withArgs(script.arguments()).withMode(script.modeOr(d.mode()))
                .withStreams(script.stdinStream(), out, err)
                .withPath(script.pathOver(d.path()).stream().map(Path::toString).toList())
                .withVenv(venv == null ? null : venv.toString());
    }

    @Override
    public void configure(Context.Builder b) {
        if (workingDirectory != null) {
            b.currentWorkingDirectory(workingDirectory);
        }
        b.allowEnvironmentAccess(script.inheritsEnvironment() ? EnvironmentAccess.INHERIT : EnvironmentAccess.NONE);
        if (!environment.isEmpty()) {
            b.environment(environment);
        }
    }

    @Override
    public void prepare(Context ctx, SocketModule sockets) {
        sockets.setPolicy(policy);
        if (trace) {
            sockets.setTrace(new PrintStream(err, true, StandardCharsets.UTF_8));
        }
        ctx.eval(JAVA_MODULE).getMember("_install").execute(endpoints.bridge());
    }

    @Override
    public void finished(Context ctx, int status) {
        if (status == 0) {
            return;
        }
        try {
            Value f = ctx.eval(LAST_FAILURE);
            if (f.hasArrayElements()) { // (GraalPy hands back the module when the value is None)
                failure = PythonException.description(f);
            }
        } catch (PolyglotException e) {
            // the context is being cancelled: the status alone tells how the run ended
        }
    }

    String stdoutSoFar() {
        return capturedOut == null ? "" : capturedOut.toString(StandardCharsets.UTF_8);
    }

    String stderrSoFar() {
        return capturedErr == null ? "" : capturedErr.toString(StandardCharsets.UTF_8);
    }

    /** The result of a finished run, or its Python exception. */
    RunResult outcome(int status) {
        RunResult r = new RunResult(status, stdoutSoFar(), stderrSoFar(), Duration.ofNanos(System.nanoTime() - started));
        String[] f = failure;
        if (f != null) {
            throw new PythonException(f[0], f[1], f[2], r, null);
        }
        return r;
    }

    String label() {
        return script.label();
    }
}
