package io.pysock.scenario;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.pysock.net.PortMap;
import io.pysock.net.SocketModule;
import io.pysock.python.PythonEngine;
import io.pysock.python.RunOptions;
import io.pysock.python.RunningScript;

/**
 * Runs scenarios in this JVM on one shared GraalPy engine: servers first, each until it listens
 * (known from the socket layer, not from sleeping or polling ports), then the clients together;
 * then the servers are stopped and every process's output and status is checked.
 *
 * <pre>{@code
 * try (ScenarioRunner runner = new ScenarioRunner()) {
 *     ScenarioResult r = runner.run(Path.of("examples/tutorial/tutorial-py3.scenario.yaml"));
 *     System.out.println(r.passed() ? "ok" : r.report());
 * }
 * }</pre>
 *
 * Scenarios may run concurrently on one runner: each has its own port map, so two that both use
 * port 12345 do not collide.
 */
public final class ScenarioRunner implements AutoCloseable {
    private static final Duration STOP_LIMIT = Duration.ofSeconds(20);

    private final PythonEngine engine;
    private final boolean ownsEngine;

    /** A runner with an engine of its own, closed with it. */
    public ScenarioRunner() {
        this(PythonEngine.create(), true);
    }

    /** A runner on an engine shared with other users (not closed by {@link #close()}). */
    public ScenarioRunner(PythonEngine engine) {
        this(engine, false);
    }

    private ScenarioRunner(PythonEngine engine, boolean owns) {
        this.engine = engine;
        this.ownsEngine = owns;
    }

    public PythonEngine engine() {
        return engine;
    }

    public ScenarioResult run(Path file) throws ScenarioFormatException {
        return run(Scenario.load(file));
    }

    /** A started process, its captured streams, and whether the harness stopped it. */
    private static final class Launched {
        final ProcessSpec spec;
        final RunningScript run;
        final ByteArrayOutputStream out;
        final ByteArrayOutputStream err;
        final long started = System.nanoTime();
        long ended;
        Integer status;
        boolean stoppedByUs;

        Launched(ProcessSpec spec, RunningScript run, ByteArrayOutputStream out, ByteArrayOutputStream err) {
            this.spec = spec;
            this.run = run;
            this.out = out;
            this.err = err;
        }
    }

    public ScenarioResult run(Scenario s) {
        long t0 = System.nanoTime();
        long deadline = t0 + s.timeout().toNanos();
        PortMap ports = s.isolatePorts() ? new PortMap() : null;
        Map<String, Launched> procs = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        boolean timedOut = false;
        try {
            for (ProcessSpec p : s.servers()) {
                Launched l = launch(s, p, ports);
                procs.put(p.name(), l);
                String problem = awaitServing(l, deadline);
                if (problem != null) {
                    timedOut = problem.startsWith("timed out");
                    failures.add(problem);
                    break;
                }
            }
            if (failures.isEmpty()) {
                List<Launched> clients = new ArrayList<>();
                for (ProcessSpec p : s.clients()) {
                    Launched l = launch(s, p, ports);
                    procs.put(p.name(), l);
                    clients.add(l);
                }
                timedOut = !awaitAll(clients, deadline);
                if (!timedOut) {
                    List<Launched> selfEnding = procs.values().stream()
                            .filter(l -> l.spec.server() && l.spec.exit() != null).toList();
                    timedOut = !awaitAll(selfEnding, deadline);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted");
        } finally {
            List<String> running = stopAll(procs.values());
            if (timedOut) {
                failures.add(0, "timed out after " + seconds(s.timeout()) + " s; still running then: "
                        + String.join(", ", running) + " (stopped)");
            }
        }
        List<ProcessResult> results = new ArrayList<>();
        for (Launched l : procs.values()) {
            ProcessResult r = new ProcessResult(l.spec.name(), l.stoppedByUs ? null : l.status,
                    text(l.out), text(l.err), Duration.ofNanos(l.ended - l.started));
            results.add(r);
            if (!timedOut) {
                check(l.spec, r, failures);
            }
            int left = l.run.sockets().ownedSockets();
            if (left > 0) {
                failures.add(l.spec.name() + ": " + left + " socket(s) still open after it ended");
            }
        }
        return new ScenarioResult(s, Duration.ofNanos(System.nanoTime() - t0), results, failures, timedOut);
    }

    private Launched launch(Scenario s, ProcessSpec p, PortMap ports) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunOptions o = p.runOptions(s.dir()).withStreams(
                new ByteArrayInputStream(p.stdin().getBytes(StandardCharsets.UTF_8)), out, err);
        SocketModule sockets = new SocketModule();
        sockets.setPortMap(ports);
        return new Launched(p, engine.start(o, sockets), out, err);
    }

    /** Null once the server serves; otherwise why it never did. */
    private static String awaitServing(Launched l, long deadline) throws InterruptedException {
        while (true) {
            if (l.run.sockets().awaitServing(Duration.ofMillis(50))) {
                return null;
            }
            if (l.run.isDone()) {
                settle(l);
                return l.spec.name() + ": ended with status " + l.status + " before it listened"
                        + (text(l.err).isEmpty() ? "" : "; it printed on stderr:\n" + indent(text(l.err)));
            }
            if (System.nanoTime() - deadline > 0) {
                return "timed out: " + l.spec.name() + " never listened";
            }
        }
    }

    /** True if all ended before the deadline. */
    private static boolean awaitAll(List<Launched> list, long deadline) throws InterruptedException {
        for (Launched l : list) {
            long left = deadline - System.nanoTime();
            try {
                l.run.waitFor(Duration.ofNanos(Math.max(left, 0)));
                settle(l);
            } catch (TimeoutException e) {
                return false;
            }
        }
        return true;
    }

    private static void settle(Launched l) {
        if (l.ended == 0) {
            l.ended = System.nanoTime();
            try {
                l.status = l.run.waitFor(Duration.ZERO);
            } catch (TimeoutException | InterruptedException | RuntimeException e) {
                l.status = null;
            }
        }
    }

    /** Stops whatever still runs; returns their names. */
    private static List<String> stopAll(java.util.Collection<Launched> all) {
        List<String> running = new ArrayList<>();
        for (Launched l : all) {
            if (!l.run.isDone()) {
                running.add(l.spec.name());
                l.stoppedByUs = true;
                l.ended = System.nanoTime();
            } else {
                settle(l);
            }
            try {
                l.run.stop(STOP_LIMIT); // for a run already done: waits until its thread has returned
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return running;
    }

    private static void check(ProcessSpec spec, ProcessResult r, List<String> failures) {
        String who = spec.name();
        if (spec.exit() == null) {
            if (!r.stopped()) {
                failures.add(who + ": ended by itself with status " + r.status()
                        + " while it should have served until the clients were done" + stderrNote(r));
            }
        } else if (r.stopped()) {
            failures.add(who + ": still running after the clients ended; expected exit status " + spec.exit());
        } else if (!spec.exit().equals(r.status())) {
            failures.add(who + ": exit status " + r.status() + ", expected " + spec.exit() + stderrNote(r));
        }
        String d = spec.stdout().mismatch(r.stdout());
        if (d != null) {
            failures.add(who + ": stdout differs\n" + indent(d));
        }
        d = spec.stderr().mismatch(r.stderr());
        if (d != null) {
            failures.add(who + ": stderr differs\n" + indent(d));
        }
    }

    private static String stderrNote(ProcessResult r) {
        return r.stderr().isEmpty() ? "" : "; stderr:\n" + indent(r.stderr());
    }

    static String indent(String s) {
        return "    " + s.stripTrailing().replace("\n", "\n    ");
    }

    private static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? String.valueOf(d.toSeconds()) : String.format("%.1f", d.toMillis() / 1000.0);
    }

    @Override
    public void close() {
        if (ownsEngine) {
            engine.close();
        }
    }
}
