package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event-driven I/O (issue 3) at the Python level: one unittest file
 * (src/test/resources/py/test_event_io.py: select, poll, epoll, selectors, non-blocking sockets,
 * socketserver, asyncio) run on pysock and on CPython, so both sides are held to the same
 * expectations. The file's last line is "N passed, M failed, K skipped (RUNTIME)"; its stderr
 * names each test with its outcome.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EventIoTest {
    private static final Path EVENT_IO = Path.of("src/test/resources/py/test_event_io.py").toAbsolutePath();

    @Test
    void pysockBehavesAsCPython() throws Exception {
        Scripts.Result r = Scripts.run(RunOptions.script(EVENT_IO.toString()));
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains(" passed, 0 failed"), r.out() + r.err());
        assertTrue(r.out().contains("(pysock)"), "not run on pysock's sockets: " + r.out());
        SuiteCounts.assertAllRan(EVENT_IO, r.out(), java.util.Set.of(), r.err(), "pysock");
    }

    @Test
    void cpythonAgreesWithTheExpectations(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Scripts.hasPython3(), "python3 is not installed");
        // Output goes to files, not pipes: a long failure report cannot fill a pipe and stall CPython.
        File out = dir.resolve("out.txt").toFile();
        File err = dir.resolve("err.txt").toFile();
        Process p = new ProcessBuilder(List.of("python3", EVENT_IO.toString()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("python3 test_event_io.py did not finish within 3 minutes: "
                    + Files.readString(err.toPath(), StandardCharsets.UTF_8));
        }
        String text = Files.readString(out.toPath(), StandardCharsets.UTF_8)
                + Files.readString(err.toPath(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains(" passed, 0 failed"), text);
        SuiteCounts.assertAllRan(EVENT_IO, Files.readString(out.toPath(), StandardCharsets.UTF_8),
                java.util.Set.of("test_unix_datagram_server_not_supported_on_pysock"),
                Files.readString(err.toPath(), StandardCharsets.UTF_8), "cpython");
    }
}
