package io.pysock.scenario.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;

import io.pysock.scenario.Scenario;
import io.pysock.scenario.ScenarioRunner;

/**
 * Turns scenario files into JUnit dynamic tests: one test per {@code *.scenario.yaml}, named after
 * the file and linked to it (IDEs jump to the file), failing with the scenario's report.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> scenarios(ScenarioRunner runner) {
 *     return Scenarios.under(runner, Path.of("examples"));
 * }
 * }</pre>
 */
public final class Scenarios {
    private Scenarios() {
    }

    /** One dynamic test per scenario file under the given files and folders. */
    public static Stream<DynamicTest> under(ScenarioRunner runner, Path... paths) {
        List<Path> files;
        try {
            files = Scenario.discover(List.of(paths));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no *" + Scenario.SUFFIX + " file under " + List.of(paths));
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), f.toUri(),
                () -> runner.run(f).assertPassed()));
    }
}
