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

import io.pysock.net.OpenResources;

/**
 * Seeded fuzzing (src/test/resources/py/fuzz_sockets.py): random streams, split points and call
 * sequences over pysock sockets must deliver every byte, with no deadlock, no Java exception and
 * nothing left open. The script prints a summary that depends only on its seed and round count,
 * so CPython and pysock must print the same line. A few seconds in CI; longer with
 * {@code -Dpysock.fuzz.rounds=2000 -Dpysock.fuzz.seed=N}.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class FuzzTest {
    private static final Path SCRIPT = Path.of("src/test/resources/py/fuzz_sockets.py").toAbsolutePath();
    private static final String SEED = System.getProperty("pysock.fuzz.seed", "14");
    private static final String ROUNDS = System.getProperty("pysock.fuzz.rounds", "12");

    @Test
    void randomStreamsArriveWholeAndLeaveNothingOpen() throws Exception {
        Scripts.Result warm = Scripts.runFor(RunOptions.script(SCRIPT.toString(), "1", "2"), Duration.ofMinutes(3));
        assertEquals(0, warm.status(), warm.out() + warm.err());
        OpenResources before = OpenResources.now();

        Scripts.Result r = Scripts.runFor(RunOptions.script(SCRIPT.toString(), SEED, ROUNDS),
                Duration.ofMinutes(3 + Long.parseLong(ROUNDS) / 20));
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("fuzz seed " + SEED + " rounds " + ROUNDS + " bytes "), r.out());
        assertFalse(r.err().contains("java."), r.err());
        OpenResources after = OpenResources.settle(before, 10_000);
        assertTrue(after.within(before), "held after fuzzing: " + after + ", before: " + before);

        Assumptions.assumeTrue(Scripts.hasPython3(), "python3 is not installed: the summary is not cross-checked");
        Scripts.Result cpython = Scripts.python3(SCRIPT, SEED, ROUNDS, Duration.ofMinutes(10));
        assertEquals(0, cpython.status(), cpython.err());
        assertEquals(cpython.out(), r.out(), "the same seed sent other bytes on CPython");
    }
}
