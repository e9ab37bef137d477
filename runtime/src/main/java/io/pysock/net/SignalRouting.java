package io.pysock.net;

/**
 * Where a script's {@code signal.signal(...)} takes effect. In a process of its own (the default)
 * the JVM-level handler GraalPy installs is the process's, and pysock chains onto it so the signal
 * also wakes socket waits. In a JVM that serves several runs (the resident daemon) JVM-level
 * handlers are shared, so the daemon captures each run's handler for that run alone.
 */
public interface SignalRouting {
    /**
     * Runs {@code pythonInstall} (GraalPy's own {@code signal.signal}, which sets the JVM-level
     * handler) and makes the result take effect for this run. {@code callable} is false for
     * SIG_DFL and SIG_IGN.
     */
    void install(int signum, boolean callable, Runnable pythonInstall);

    /**
     * A script signals its own process ({@code signal.raise_signal}, {@code os.kill(os.getpid(), N)}).
     * Returns true if the routing delivered it; false: let the real call happen.
     */
    default boolean raise(int signum) {
        return false;
    }

    /** The run's next pending signal for pysock's Python side to handle, or -1 (daemon routing only). */
    default int takePending() {
        return -1;
    }

    /** Sleeps; true if woken early by a signal for the run (daemon routing only). */
    default boolean sleep(long nanos) throws InterruptedException {
        java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
        return false;
    }

    /** True if signals are routed per run (the daemon), false in a process of the run's own. */
    default boolean perRun() {
        return false;
    }

    /** The routing of a run that has the JVM to itself. */
    SignalRouting PROCESS = (signum, callable, pythonInstall) -> {
        pythonInstall.run();
        if (callable) {
            Interrupts.chainSignal(signum);
        }
    };
}
