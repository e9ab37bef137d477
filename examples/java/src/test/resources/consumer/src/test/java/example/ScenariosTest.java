package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import io.pysock.scenario.ScenarioResult;
import io.pysock.scenario.ScenarioRunner;
import io.pysock.scenario.junit.PysockExtension;
import io.pysock.scenario.junit.Scenarios;

/** The pysock JUnit 5 extension used from another Maven project. */
@ExtendWith(PysockExtension.class)
class ScenariosTest {
    @TestFactory
    Stream<DynamicTest> scenarios(ScenarioRunner runner) {
        return Scenarios.under(runner, Path.of("scenario"));
    }

    @Test
    void oneScenarioWithAssertions(ScenarioRunner runner) throws Exception {
        ScenarioResult r = runner.run(Path.of("scenario/ping.scenario.yaml"));
        r.assertPassed();
        assertEquals("pong ping\n", r.process("client").stdout());
    }
}
