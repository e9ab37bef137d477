package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pysock.net.Errno;
import io.pysock.net.OpenResources;
import io.pysock.net.Resolver;
import io.pysock.net.SocketError;
import io.pysock.net.SocketModule;

/**
 * Faults, pysock against CPython (src/test/resources/py/faults_probe.py): peer reset mid-stream,
 * writes to a closed peer, half-close both ways, receive and connect timeouts, a listener closed
 * while another thread waits in accept, a socket closed while another thread waits in recv, an
 * unresolvable name. Same lines as CPython except the differences named here; afterwards pysock
 * holds no socket, descriptor or thread more than before.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class FaultsTest {
    private static final Path PROBE = Path.of("src/test/resources/py/faults_probe.py").toAbsolutePath();

    /** Known differences: the probe line and pysock's answer, each with its reason. */
    private static final Map<String, String> DIFFERENT = Map.of(
            // Linux answers ENOTCONN once both directions have seen FIN; pysock's transport still takes the call.
            "half-close: SHUT_RD after both FINs: OSError 107", "half-close: SHUT_RD after both FINs: ok None",
            "half-close: shutdown twice: OSError 107", "half-close: shutdown twice: ok None",
            // pysock raises a small listen() backlog (MIN_BACKLOG) so a full accept queue never drops the SYN.
            "connect timeout: TimeoutError None", "connect timeout: None");

    private Resolver saved;

    @BeforeEach
    void noNames() {
        saved = SocketModule.resolver();
        SocketModule.setResolver(new Resolver() {
            @Override
            public List<InetAddress> lookup(String host) throws SocketError.AddressLookup {
                throw new SocketError.AddressLookup(Errno.EAI_NONAME);
            }

            @Override
            public String reverse(InetAddress address) throws SocketError.HostLookup {
                throw new SocketError.HostLookup("Unknown host");
            }
        });
    }

    @AfterEach
    void restore() {
        SocketModule.setResolver(saved);
    }

    @Test
    void faultsRaiseWhatCPythonRaisesAndLeaveNothingBehind(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Scripts.hasPython3(), "python3 is not installed");
        Assumptions.assumeTrue(Offline.works(), "unshare -n is not available: CPython would resolve names");
        Scripts.Result cpython = Offline.python3(PROBE, dir);
        assertEquals(0, cpython.status(), cpython.err());

        // The first run loads what any first run loads (classes, jars, compiler threads); the
        // second must then leave the JVM exactly as it found it.
        Scripts.Result first = Scripts.runFor(RunOptions.script(PROBE.toString()), Duration.ofMinutes(3));
        assertEquals(0, first.status(), first.err());
        OpenResources before = OpenResources.now();
        Scripts.Result pysock = Scripts.runFor(RunOptions.script(PROBE.toString()), Duration.ofMinutes(3));
        assertEquals(0, pysock.status(), pysock.err());
        assertEquals(first.out(), pysock.out(), "the second run saw other faults");
        OpenResources after = OpenResources.settle(before, 10_000);

        List<String> want = cpython.out().lines().toList();
        List<String> got = pysock.out().lines().toList();
        assertEquals(want.size(), got.size(), "CPython:\n" + cpython.out() + "pysock:\n" + pysock.out());
        assertTrue(want.size() >= 20, cpython.out());
        int differ = 0;
        for (int i = 0; i < want.size(); i++) {
            if (!want.get(i).equals(got.get(i))) {
                differ++;
                assertEquals(DIFFERENT.get(want.get(i)), got.get(i), "CPython: " + want.get(i));
            }
        }
        assertEquals(DIFFERENT.size(), differ, "a listed difference is gone: remove it from DIFFERENT");
        assertTrue(after.within(before), "held after the faults: " + after + ", before: " + before);
    }

    /** CPython with no network but loopback (its own network namespace). */
    static final class Offline {
        private Offline() {
        }

        static boolean works() {
            try {
                Process p = new ProcessBuilder("unshare", "-n", "sh", "-c", "ip link set lo up").redirectErrorStream(true).start();
                return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        static Scripts.Result python3(Path script, Path dir) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("unshare", "-n", "sh", "-c", "ip link set lo up && exec python3 \"$0\"", script.toString())
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(dir.resolve("out.txt").toFile())
                    .redirectError(dir.resolve("err.txt").toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("python3 " + script + " did not finish within 2 minutes");
            }
            return new Scripts.Result(p.exitValue(), Files.readString(dir.resolve("out.txt")),
                    Files.readString(dir.resolve("err.txt")));
        }
    }
}
