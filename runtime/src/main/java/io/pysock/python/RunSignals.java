package io.pysock.python;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

import io.pysock.net.SignalRouting;

/**
 * One run's signal dispositions in a JVM that serves many runs (the resident daemon).
 *
 * <p>GraalPy implements {@code signal.signal} with a JVM-wide {@code sun.misc.Signal} handler that
 * queues the signal for its own context. With several contexts in one JVM the last one to install
 * would get every signal. So each installation runs under one lock, the handler GraalPy just set is
 * taken back at once (the daemon's own handler goes back in its place) and kept here, for this run.
 * A signal the client forwards is then handed to that handler, exactly as a real one would be, and
 * the run's socket waits are woken so the Python handler runs (PEP 475).
 *
 * <p>SIG_DFL ends the run as the default action would end a process (status 128+N); SIG_IGN drops
 * the signal. Nothing a run does reaches the daemon's own handlers.
 */
@SuppressWarnings("restriction")
public final class RunSignals implements SignalRouting {
    private static final Object INSTALLING = new Object();
    private static final Map<Integer, String> NAMES = Map.of(
            1, "HUP", 2, "INT", 10, "USR1", 12, "USR2", 14, "ALRM", 15, "TERM", 28, "WINCH");
    private static volatile sun.misc.SignalHandler daemonHandler = s -> { };

    private final Map<Integer, sun.misc.SignalHandler> dispositions = new ConcurrentHashMap<>();
    private final IntConsumer endRun;
    private final Runnable wakeWaits;

    /** {@code endRun} ends the run with a status; {@code wakeWaits} makes its socket waits return EINTR. */
    RunSignals(IntConsumer endRun, Runnable wakeWaits) {
        this.endRun = endRun;
        this.wakeWaits = wakeWaits;
    }

    /** The daemon's handler for real signals to its process: installed for every signal a run touches. */
    public static void setDaemonHandler(sun.misc.SignalHandler h) {
        daemonHandler = h;
    }

    /** Boots a context with this lock held, so the handlers its start-up installs are this run's. */
    static <T> T booting(java.util.function.Supplier<T> boot, RunSignals signals) {
        synchronized (INSTALLING) {
            T t = boot.get();
            signals.takeBack(2); // GraalPy sets its KeyboardInterrupt handler as the context starts
            return t;
        }
    }

    @Override
    public void install(int signum, boolean callable, Runnable pythonInstall) {
        synchronized (INSTALLING) {
            pythonInstall.run();
            takeBack(signum);
        }
    }

    private void takeBack(int signum) {
        String name = NAMES.get(signum);
        if (name == null) {
            return; // a signal the client never forwards: nothing to route
        }
        try {
            sun.misc.SignalHandler h = sun.misc.Signal.handle(new sun.misc.Signal(name), daemonHandler);
            if (h == daemonHandler) {
                dispositions.remove(signum); // nothing of this run's was installed
            } else {
                dispositions.put(signum, h);
            }
        } catch (IllegalArgumentException e) {
            // reserved by the JVM: GraalPy could not have installed it either
        }
    }

    /** The run signals itself: the daemon's process is not the run's, so it is delivered here. */
    @Override
    public boolean raise(int signum) {
        Thread t = new Thread(() -> deliver(signum), "pysock-raise");
        t.setDaemon(true);
        t.start(); // as kill(2) does, delivery does not wait for the handler
        return true;
    }

    /** A signal for this run (the client got it). */
    public void deliver(int signum) {
        sun.misc.SignalHandler h = dispositions.get(signum);
        if (h == sun.misc.SignalHandler.SIG_IGN) {
            return;
        }
        String name = NAMES.get(signum);
        if (h == null || h == sun.misc.SignalHandler.SIG_DFL || name == null) {
            endRun.accept(128 + signum);
            return;
        }
        h.handle(new sun.misc.Signal(name));
        wakeWaits.run();
    }
}
