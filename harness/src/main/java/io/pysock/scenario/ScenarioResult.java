package io.pysock.scenario;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The outcome of one scenario: per-process results, and every way it failed (each with a
 * readable diff). Passed when there is no failure.
 *
 * <pre>{@code
 * ScenarioResult r = runner.run(Scenario.load(Path.of("examples/tutorial/tutorial-py3.scenario.yaml")));
 * r.assertPassed();
 * assertTrue(r.process("server").stdout().contains("127.0.0.1"));
 * }</pre>
 */
public record ScenarioResult(Scenario scenario, Duration time, List<ProcessResult> processes, List<String> failures,
        boolean timedOut) {

    public ScenarioResult {
        processes = List.copyOf(processes);
        failures = List.copyOf(failures);
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    public ProcessResult process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no process \"" + name + "\" in " + scenario.name()));
    }

    /** Every failure, one after another, as the CLI prints them. */
    public String report() {
        return String.join("\n", failures);
    }

    /** Throws an AssertionError carrying {@link #report()} unless the scenario passed. */
    public void assertPassed() {
        if (!passed()) {
            throw new AssertionError(scenario.name() + " failed:\n" + report());
        }
    }
}
