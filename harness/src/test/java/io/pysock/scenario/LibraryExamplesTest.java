package io.pysock.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * The scenarios of examples/libraries (requests, urllib3, websockets with Debian's packages on
 * the scenario's {@code path:}), on pysock and then on python3 with the same path as PYTHONPATH:
 * both must pass and print the same.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LibraryExamplesTest {
    static final Path EXAMPLES = Path.of("..", "examples", "libraries");
    static final Path DIST = Path.of("/usr/lib/python3/dist-packages");
    static ScenarioRunner runner;

    @BeforeAll
    static void start() {
        runner = new ScenarioRunner();
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"requests.scenario.yaml:requests:python3-requests",
        "websockets.scenario.yaml:websockets:python3-websockets"})
    void onPysockAndOnPython3(String spec) throws Exception {
        String[] f = spec.split(":");
        if (!Files.exists(DIST.resolve(f[1]).resolve("__init__.py"))) {
            String why = f[2] + " is not installed (.ci/run installs it with apt-get)";
            System.err.println("LibraryExamplesTest: not run: " + why);
            Assumptions.abort(why);
        }
        Scenario s = Scenario.load(EXAMPLES.resolve(f[0]));
        ScenarioResult mine = runner.run(s);
        mine.assertPassed();
        CPythonReference python3 = new CPythonReference("python3");
        Assumptions.assumeTrue(python3.available(), "python3 is not on PATH");
        ScenarioResult reference = python3.run(s);
        assertEquals(List.of(), python3.differences(mine, reference), reference.report());
    }
}
