package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Python 2 translator's own unit tests (pylib/pysock/py2/tests), run under CPython, which is
 * their reference: detection, translation, line numbers, the disk caches; and the Python 2
 * runtime's (print, repr, %, /, codecs, module views, socket files, translate --check).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class Py2TranslatorTest {
    @Test
    void translatorUnitTestsPassUnderCPython() throws Exception {
        Assumptions.assumeTrue(Scripts.hasPython3(), "python3 is not installed");
        Process p = new ProcessBuilder("python3", "-W", "ignore", "-m", "unittest", "pysock.py2.tests.test_py2",
                "pysock.py2.tests.test_runtime")
                .directory(Path.of("..", "pylib").toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(4, TimeUnit.MINUTES), "unittest finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("OK"), out);
    }
}
