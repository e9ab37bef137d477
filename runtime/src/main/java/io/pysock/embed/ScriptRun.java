package io.pysock.embed;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.pysock.python.RunningScript;

/**
 * A script running on a thread of its own ({@link PysockRunner#start}): several can run at once
 * in one JVM. Wait for its result, read its output so far, or stop it (a server that never ends
 * by itself).
 *
 * <pre>{@code
 * ScriptRun server = runner.start(Script.file(Path.of("server3.py")));
 * ... talk to it ...
 * server.stop(Duration.ofSeconds(10));
 * }</pre>
 */
public final class ScriptRun {
    private final RunningScript running;
    private final RunSetup setup;
    private final Runnable onEnd;

    ScriptRun(RunningScript running, RunSetup setup, Runnable onEnd) {
        this.running = running;
        this.setup = setup;
        this.onEnd = onEnd;
    }

    /** Whether the script has ended (its sockets are closed by then). */
    public boolean isDone() {
        return running.isDone();
    }

    /**
     * Waits at most {@code limit} for the end: the result, or the {@link PythonException} that
     * ended it.
     *
     * @throws TimeoutException the script is still running
     */
    public RunResult waitFor(Duration limit) throws TimeoutException, InterruptedException {
        int status = running.waitFor(limit);
        onEnd.run();
        return setup.outcome(status);
    }

    /** Stops the script (as Ctrl-C would end it: status 130) and waits at most {@code limit}; returns what it printed. */
    public RunResult stop(Duration limit) throws InterruptedException {
        running.stop(limit);
        onEnd.run();
        try {
            return setup.outcome(running.waitFor(Duration.ZERO));
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot happen: stop() completes the status", e);
        } catch (PythonException e) {
            return e.result(); // it was ending by an exception anyway; the caller asked it to stop
        }
    }

    /** Captured stdout so far (empty when stdout goes to a stream of your own). */
    public String stdoutSoFar() {
        return setup.stdoutSoFar();
    }

    /** Captured stderr so far. */
    public String stderrSoFar() {
        return setup.stderrSoFar();
    }

    @Override
    public String toString() {
        return "ScriptRun[" + setup.label() + (isDone() ? ", done" : ", running") + "]";
    }
}
