package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The differential unittest files must run every test they define: the expected count is read
 * from the file itself (its {@code def test_} methods), so a test that silently stops being
 * collected, or a run that ends early, fails instead of passing with fewer tests.
 */
final class SuiteCounts {
    private static final Pattern TEST_METHOD = Pattern.compile("(?m)^\\s+def (test_\\w+)\\(");
    private static final Pattern SKIPPED = Pattern.compile("(?m)^(test_\\w+) \\(.*\\) \\.\\.\\. skipped");

    private SuiteCounts() {
    }

    static int definedTests(Path file) throws IOException {
        Matcher m = TEST_METHOD.matcher(Files.readString(file, StandardCharsets.UTF_8));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The tests a verbose (verbosity=2) unittest run reports as skipped, by method name. */
    static Set<String> skipped(String stderr) {
        Set<String> names = new TreeSet<>();
        Matcher m = SKIPPED.matcher(stderr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Asserts the summary line says every defined test ran: passed + skipped = defined, none failed. */
    static void assertAllRan(Path file, String out, Set<String> expectedSkips, String stderr, String runtime)
            throws IOException {
        int defined = definedTests(file);
        assertEquals(expectedSkips, skipped(stderr), "skipped tests on " + runtime);
        String want = (defined - expectedSkips.size()) + " passed, 0 failed, " + expectedSkips.size() + " skipped (" + runtime + ")";
        assertEquals(want, out.strip().lines().reduce((a, b) -> b).orElse(""), out + stderr);
    }
}
