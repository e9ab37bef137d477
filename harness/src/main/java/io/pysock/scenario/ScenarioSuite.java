package io.pysock.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Runs many scenario files on one {@link ScenarioRunner}: those that allow it in parallel
 * ({@code jobs} at a time), the others alone; optionally each Python 3 scenario again under
 * CPython, one at a time (reference runs use real ports).
 *
 * <pre>{@code
 * List<ScenarioResult> results = new ScenarioSuite(runner, 2, null).run(files, r -> System.out.println(r.scenario().name()));
 * }</pre>
 */
public final class ScenarioSuite {
    private final ScenarioRunner runner;
    private final int jobs;
    private final CPythonReference reference;
    private final ReentrantLock realPorts = new ReentrantLock();
    private final Map<Path, Long> running = new ConcurrentHashMap<>();

    public ScenarioSuite(ScenarioRunner runner, int jobs, CPythonReference reference) {
        this.runner = runner;
        this.jobs = Math.max(1, jobs);
        this.reference = reference;
    }

    /** Scenario files running now, with their start times (System.nanoTime), for progress reports. */
    public Map<Path, Long> running() {
        return Map.copyOf(running);
    }

    /** Runs every file; {@code done} hears each result as it comes. Results are in file order. */
    public List<ScenarioResult> run(List<Path> files, Consumer<ScenarioResult> done) throws InterruptedException {
        List<ScenarioResult> results = new ArrayList<>(Collections.nCopies(files.size(), null));
        List<Integer> alone = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "pysock-scenario");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                Scenario s = loadOrNull(files.get(i), results, i, done);
                if (s == null) {
                    continue;
                }
                if (!s.parallel()) {
                    alone.add(i);
                    continue;
                }
                int index = i;
                futures.add(pool.submit(() -> {
                    ScenarioResult r = runOne(s);
                    results.set(index, r);
                    done.accept(r);
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("scenario runner failed", e.getCause());
                }
            }
            for (int i : alone) {
                ScenarioResult r = runOne(Scenario.load(files.get(i)));
                results.set(i, r);
                done.accept(r);
            }
        } catch (ScenarioFormatException e) {
            throw new AssertionError("checked when first loaded", e);
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    private static Scenario loadOrNull(Path file, List<ScenarioResult> results, int i, Consumer<ScenarioResult> done) {
        try {
            return Scenario.load(file);
        } catch (ScenarioFormatException e) {
            Scenario placeholder = new Scenario(file.getFileName().toString(), file, Duration.ZERO, true, true, List.of());
            ScenarioResult r = new ScenarioResult(placeholder, Duration.ZERO, List.of(), List.of(e.getMessage()), false);
            results.set(i, r);
            done.accept(r);
            return null;
        }
    }

    private ScenarioResult runOne(Scenario s) {
        running.put(s.file(), System.nanoTime());
        try {
            ScenarioResult r;
            if (s.isolatePorts()) {
                r = runner.run(s);
            } else {
                realPorts.lock(); // fixed ports: not beside a reference run or another real-port scenario
                try {
                    r = runner.run(s);
                } finally {
                    realPorts.unlock();
                }
            }
            if (reference == null || !reference.appliesTo(s)) {
                return r;
            }
            ScenarioResult ref;
            realPorts.lock();
            try {
                ref = reference.run(s);
            } finally {
                realPorts.unlock();
            }
            List<String> diffs = reference.differences(r, ref);
            if (diffs.isEmpty()) {
                return r;
            }
            List<String> failures = new ArrayList<>(r.failures());
            failures.add("differs from python3:\n" + ScenarioRunner.indent(String.join("\n", diffs)));
            return new ScenarioResult(s, r.time(), r.processes(), failures, r.timedOut());
        } catch (java.io.IOException e) {
            return new ScenarioResult(s, Duration.ZERO, List.of(), List.of("python3 reference run failed: " + e), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ScenarioResult(s, Duration.ZERO, List.of(), List.of("interrupted"), false);
        } finally {
            running.remove(s.file());
        }
    }
}
