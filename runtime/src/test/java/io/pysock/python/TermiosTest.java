package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * pysock's termios (pylib/pysock/termios.py): src/test/resources/py/test_termios.py run on pysock,
 * on GraalPy's own sockets, and on CPython, so all three give the errors CPython gives on
 * descriptors that are no terminal; and its constants are CPython's.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TermiosTest {
    private static final Path ERRORS = Path.of("src/test/resources/py/test_termios.py").toAbsolutePath();
    private static final String CONSTANTS = "import termios\n"
            + "for name in sorted(vars(termios)):\n"
            + "    if name[0].isupper() and isinstance(getattr(termios, name), int):\n"
            + "        print(name, getattr(termios, name))\n";

    @Test
    void pysockSocketsGiveCPythonsErrors() throws Exception {
        assertAllPassed(Scripts.run(RunOptions.script(ERRORS.toString())));
    }

    @Test
    void graalpySocketsGiveCPythonsErrors() throws Exception {
        assertAllPassed(Scripts.run(RunOptions.script(ERRORS.toString()).withSockets(RunOptions.Sockets.GRAALPY)));
    }

    @Test
    void cpythonAgreesWithTheExpectations() throws Exception {
        Assumptions.assumeTrue(Scripts.hasPython3(), "python3 is not installed");
        Scripts.Result r = Scripts.python3(ERRORS, Duration.ofMinutes(2));
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(SuiteCounts.definedTests(ERRORS) + " passed, 0 failed", lastLine(r.out()));
    }

    @Test
    void constantsAreCPythons(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Scripts.hasPython3(), "python3 is not installed");
        Scripts.Result cpython = Scripts.python3(Scripts.write(dir, "constants.py", CONSTANTS), Duration.ofMinutes(1));
        assertEquals(0, cpython.status(), cpython.err());
        Scripts.Result pysock = Scripts.run(RunOptions.code(CONSTANTS));
        assertEquals(0, pysock.status(), pysock.err());
        assertTrue(cpython.out().lines().count() > 200, cpython.out());
        assertEquals(cpython.out(), pysock.out());
    }

    /** GraalPy's os.openpty ended the run with a Java exception; pysock leaves it out, as GraalPy does forkpty. */
    @Test
    void noOpenptySoPtyTakesItsNoTerminalPath() {
        Scripts.Result r = Scripts.run(RunOptions.code(String.join("\n",
                "import os, posix, pty",
                "print(hasattr(os, 'openpty'), hasattr(posix, 'openpty'), 'openpty' in os.__all__)",
                "from os import *",
                "try:",
                "    pty.openpty()",
                "except OSError as e:",
                "    print(type(e).__name__)")));
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals("False False False\nOSError\n", r.out(), r.err());
    }

    private static void assertAllPassed(Scripts.Result r) throws Exception {
        assertEquals(0, r.status(), r.out() + r.err());
        // every test the file defines ran and passed: none skipped, none lost
        assertEquals(SuiteCounts.definedTests(ERRORS) + " passed, 0 failed", lastLine(r.out()));
        assertFalse(r.err().contains("skipped="), r.err());
    }

    private static String lastLine(String out) {
        return out.strip().lines().reduce((a, b) -> b).orElse("");
    }
}
