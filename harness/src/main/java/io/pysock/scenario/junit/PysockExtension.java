package io.pysock.scenario.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.pysock.scenario.ScenarioRunner;

/**
 * JUnit 5 extension giving test methods a {@link ScenarioRunner}: one per test run, on one shared
 * GraalPy engine, closed when the run ends.
 *
 * <pre>{@code
 * @ExtendWith(PysockExtension.class)
 * class PortedScriptsTest {
 *     @TestFactory
 *     Stream<DynamicTest> scenarios(ScenarioRunner runner) {
 *         return Scenarios.under(runner, Path.of("src/test/scenarios")); // one test per *.scenario.yaml
 *     }
 *
 *     @Test
 *     void tutorial(ScenarioRunner runner) throws Exception {
 *         ScenarioResult r = runner.run(Path.of("examples/tutorial/tutorial-py3.scenario.yaml"));
 *         r.assertPassed();
 *         assertTrue(r.process("server").stdout().startsWith("连接地址"));
 *     }
 * }
 * }</pre>
 */
public final class PysockExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PysockExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == ScenarioRunner.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot().getStore(NS).getOrComputeIfAbsent(SharedRunner.class, k -> new SharedRunner(), SharedRunner.class)
                .runner;
    }

    /** Closed by JUnit with the root store, at the end of the test run. */
    private static final class SharedRunner implements ExtensionContext.Store.CloseableResource {
        final ScenarioRunner runner = new ScenarioRunner();

        @Override
        public void close() {
            runner.close();
        }
    }
}
