package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.pysock.net.OpenResources;

/**
 * Load without leaks: 10,000 TCP connect/accept/close cycles and 10,000 UDP round trips
 * (src/test/resources/py/load_cycles.py) leave the JVM's pysock sockets, file descriptors and
 * threads where they were before the run.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LoadLeakTest {
    private static final Path SCRIPT = Path.of("src/test/resources/py/load_cycles.py").toAbsolutePath();

    @Test
    void tenThousandCyclesReturnToTheBaseline() throws Exception {
        Scripts.Result warm = Scripts.runFor(RunOptions.script(SCRIPT.toString(), "50"), Duration.ofMinutes(3));
        assertEquals("tcp cycles 50 udp round trips 50\n", warm.out(), warm.err());
        OpenResources before = OpenResources.now();

        Scripts.Result r = Scripts.runFor(RunOptions.script(SCRIPT.toString(), "10000"), Duration.ofMinutes(6));
        assertEquals(0, r.status(), r.err());
        assertEquals("tcp cycles 10000 udp round trips 10000\n", r.out(), r.err());

        OpenResources after = OpenResources.settle(before, 10_000);
        assertTrue(after.within(before), "held after 10,000 cycles: " + after + ", before: " + before);
    }
}
