package io.pysock.scenario;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.pysock.scenario.junit.PysockExtension;
import io.pysock.scenario.junit.Scenarios;

/**
 * The JUnit way in: every scenario under a folder becomes a dynamic test. The socketserver
 * examples' folder here (Python 2 and 3); the tutorial's run in ScenarioRunnerTest, and
 * {@code pysock test examples} runs them all.
 */
@ExtendWith(PysockExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ScenariosExtensionTest {
    @TestFactory
    Stream<DynamicTest> examples(ScenarioRunner runner) {
        return Scenarios.under(runner, Path.of("..", "examples", "socketserver"));
    }
}
