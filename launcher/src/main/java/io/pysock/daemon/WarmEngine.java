package io.pysock.daemon;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.pysock.python.HostTranslator;
import io.pysock.python.PreparedContext;
import io.pysock.python.PythonEngine;
import io.pysock.python.RunOptions;

/**
 * The daemon's one GraalPy engine (compiled code is shared by every run) and the spare contexts
 * booted ahead of the next runs. Taking the spare starts booting the next one, on a thread of its
 * own, so a run that arrives finds a context with pysock installed and {@code socket} imported.
 */
final class WarmEngine implements AutoCloseable {
    private static final RunOptions DEFAULT_GRANTS = RunOptions.code("");

    private final PythonEngine engine = PythonEngine.create();
    private final ExecutorService booter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pysock-spare-boot");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService closer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pysock-context-close");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong served = new AtomicLong();
    private final HostTranslator translator = new HostTranslator(engine);
    /**
     * Contexts booted (or booting) ahead. Two, so that runs started one after another (a script
     * in a loop, a test suite) still find one ready while the next boots.
     */
    private static final int SPARES = 2;
    private final java.util.ArrayDeque<Future<PreparedContext>> spares = new java.util.ArrayDeque<>();

    WarmEngine() {
        spares.add(booter.submit(() -> {
            PreparedContext first = engine.prepare(DEFAULT_GRANTS, translator);
            translator.start(); // after the first context, which the first run is waiting for
            return first;
        }));
        for (int i = 1; i < SPARES; i++) {
            spares.add(booter.submit(() -> engine.prepare(DEFAULT_GRANTS, translator)));
        }
    }

    PythonEngine engine() {
        return engine;
    }

    /** A booted context for {@code o}: the spare when its grants fit, else one booted now. */
    PreparedContext contextFor(RunOptions o) {
        served.incrementAndGet();
        if (!PythonEngine.fitsPrepared(o)) {
            return engine.prepare(o, translator);
        }
        Future<PreparedContext> mine;
        synchronized (this) {
            mine = spares.poll();
            spares.add(booter.submit(() -> engine.prepare(DEFAULT_GRANTS, translator)));
        }
        try {
            return mine.get();
        } catch (ExecutionException e) {
            // the spare failed to boot (it should not): boot this run's own, which reports why
            return engine.prepare(o, translator);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a context", e);
        }
    }

    /** Closes a finished run's context off the run's thread, so its client gets its status first. */
    void retire(PreparedContext pc) {
        closer.submit(pc::close);
    }

    long served() {
        return served.get();
    }

    @Override
    public void close() {
        booter.shutdownNow();
        translator.close();
        closer.shutdownNow();
        engine.close();
    }
}
