package io.pysock.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * One module's (or the total's) figures, summed from unittest's {@code TestResult} of each class
 * as {@code conformance/driver.py} prints them. Passed is what unittest reported as a success
 * (addSuccess, and expected failures); an unexpected success is a failure. The columns need not
 * add up to "run": an error in setUpClass or setUpModule is an error without a test of its own,
 * and a threaded test whose client and server both fail has two entries, as unittest counts them.
 */
public final class Counts {
    int run;
    int failures;
    int errors;
    int skipped;
    int unexpectedSuccesses;
    int passed;
    final List<String> hung = new ArrayList<>();
    String moduleError;

    public int run() {
        return run;
    }

    public int passed() {
        return passed;
    }

    public int failed() {
        return failures + unexpectedSuccesses;
    }

    public int errors() {
        return errors;
    }

    public int skipped() {
        return skipped;
    }

    public List<String> hung() {
        return hung;
    }

    public String moduleError() {
        return moduleError;
    }

    public void add(Counts c) {
        run += c.run;
        failures += c.failures;
        errors += c.errors;
        skipped += c.skipped;
        unexpectedSuccesses += c.unexpectedSuccesses;
        passed += c.passed;
        hung.addAll(c.hung);
    }

    /** {@code test_socket  run N  N passed  N failed  N errors  N skipped}, then what hung. */
    public String row(String name, int width) {
        StringBuilder sb = new StringBuilder(String.format("%-" + width + "s  run %d  %d passed  %d failed  %d errors  %d skipped",
                name, run, passed(), failed(), errors, skipped));
        if (!hung.isEmpty()) {
            sb.append("  ").append(hung.size()).append(" hung: ").append(String.join(", ", hung));
        }
        if (moduleError != null) {
            sb.append("  module error: ").append(moduleError);
        }
        return sb.toString();
    }
}
