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
    private final java.util.LinkedHashSet<Integer> pending = new java.util.LinkedHashSet<>();
    private final IntConsumer endRun;
    private final Runnable wakeWaits;

    /**
     * {@code endRun} ends the run with a status; {@code wakeWaits} makes its socket waits return
     * EINTR (and a pysock sleep returns), so the Python side runs the handler.
     */
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

    /**
     * Boots a context that runs no script (the translator's): GraalPy installs its JVM-level
     * handlers as any context starts, and they must not stay in place of the daemon's, nor be
     * taken for a run's by a run booting meanwhile.
     */
    static <T> T bootingWithoutSignals(java.util.function.Supplier<T> boot) {
        synchronized (INSTALLING) {
            T t = boot.get();
            RunSignals none = new RunSignals(status -> { }, () -> { });
            for (int signum : NAMES.keySet()) {
                none.takeBack(signum);
            }
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
            if (h != daemonHandler) { // else nothing new was installed: what was taken before stands
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
        synchronized (pending) {
            pending.add(signum);
            pending.notifyAll(); // a pysock sleep of this run
        }
        wakeWaits.run(); // its socket waits return EINTR; the Python side then runs the handler
        if (signum == 2) {
            endIfIgnored(signum);
        }
    }

    /**
     * The run's next pending signal, or -1. pysock's Python side asks after every EINTR (PEP 475)
     * and runs the script's handler itself, on the thread that was woken.
     *
     * <p>Why not GraalPy's own delivery: with several contexts in one JVM, GraalPy's signal action
     * makes threads of every context spin in interrupted waits (time.sleep) and is never run.
     */
    @Override
    public int takePending() {
        synchronized (pending) {
            var it = pending.iterator();
            if (!it.hasNext()) {
                return -1;
            }
            int s = it.next();
            it.remove();
            return s;
        }
    }

    /** time.sleep of a run in the daemon: returns early (true) when a signal arrives for the run. */
    @Override
    public boolean sleep(long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        synchronized (pending) {
            while (pending.isEmpty()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(pending, left);
            }
            return true;
        }
    }

    /**
     * A run blocked where pysock cannot wake it (a lock, a join, busy in Java) would never see
     * Ctrl-C; if the default handler has not run within a few seconds, end the run as the
     * default action would have.
     */
    private void endIfIgnored(int signum) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                return;
            }
            boolean still;
            synchronized (pending) {
                still = pending.contains(signum);
            }
            if (still) {
                endRun.accept(128 + signum);
            }
        }, "pysock-signal-fallback");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public boolean perRun() {
        return true;
    }

}
