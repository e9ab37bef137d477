/**
 * Scenarios for testing ported scripts: a {@link io.pysock.scenario.Scenario} (a
 * {@code *.scenario.yaml} file: processes, expected output, exit statuses) is run by the
 * {@link io.pysock.scenario.ScenarioRunner} with port isolation and readiness from the socket
 * layer, optionally against CPython ({@link io.pysock.scenario.CPythonReference}).
 */
package io.pysock.scenario;
