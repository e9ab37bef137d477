package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pysock.net.Errno;
import io.pysock.net.Resolver;
import io.pysock.net.SocketError;
import io.pysock.net.SocketModule;

/**
 * Bad input, pysock against CPython: src/test/resources/py/badinput_probe.py calls every public
 * function and method of _socket, select and ssl with wrong arguments and prints one line per
 * call; the two outputs must agree line by line except where badinput_differences.txt says why not.
 * CPython runs with no network (unshare -n, loopback only) and pysock with a resolver that knows
 * only localhost, so a probe can never send a DNS query.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class BadInputTest {
    private static final Path PROBE = Path.of("src/test/resources/py/badinput_probe.py").toAbsolutePath();
    private static final Path DIFFERENCES = Path.of("src/test/resources/py/badinput_differences.txt").toAbsolutePath();
    private static final int MIN_PROBES = 1200;

    private Resolver saved;

    @BeforeEach
    void localhostOnly() {
        saved = SocketModule.resolver();
        SocketModule.setResolver(new Resolver() {
            @Override
            public List<InetAddress> lookup(String host) throws SocketError.AddressLookup {
                if (host.equals("localhost")) {
                    return List.of(InetAddress.getLoopbackAddress());
                }
                throw new SocketError.AddressLookup(Errno.EAI_NONAME);
            }

            @Override
            public String reverse(InetAddress address) throws SocketError.HostLookup {
                if (address.isLoopbackAddress()) {
                    return "localhost";
                }
                throw new SocketError.HostLookup("Unknown host");
            }
        });
    }

    @AfterEach
    void restore() {
        SocketModule.setResolver(saved);
    }

    @Test
    void pysockAnswersBadInputAsCPythonDoes(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Scripts.hasPython3(), "python3 is not installed");
        Assumptions.assumeTrue(offlineShellWorks(), "unshare -n is not available: CPython would resolve names");
        Scripts.Result cpython = FaultsTest.Offline.python3(PROBE, dir);
        assertEquals(0, cpython.status(), cpython.err());
        Scripts.Result pysock = Scripts.runFor(RunOptions.script(PROBE.toString()), Duration.ofMinutes(4));
        assertEquals(0, pysock.status(), pysock.err());

        List<String> expected = cpython.out().lines().toList();
        List<String> actual = pysock.out().lines().toList();
        assertTrue(expected.size() >= MIN_PROBES, "CPython printed only " + expected.size() + " lines");
        assertEquals("== end", expected.get(expected.size() - 1));
        assertEquals(expected.size(), actual.size(), "pysock printed a different number of probe lines");
        Pattern javaLeak = Pattern.compile("\\b(java|jdk|sun|io\\.pysock)\\.[a-z.]*[A-Z]\\w*|Foreign|foreign object|unexpected Java");
        for (String line : actual) {
            // Never a Java exception or a Java class name through the facade.
            assertFalse(javaLeak.matcher(line).find(), line);
        }

        Map<Pattern, String> allowed = differences();
        Set<Pattern> used = new LinkedHashSet<>();
        List<String> unexplained = new ArrayList<>();
        int same = 0;
        for (int i = 0; i < expected.size(); i++) {
            String want = expected.get(i);
            String got = actual.get(i);
            assertEquals(name(want), name(got), "probe " + i + " is not the same call");
            if (want.equals(got)) {
                same++;
                continue;
            }
            Pattern reason = allowed.keySet().stream().filter(p -> p.matcher(name(want)).matches()).findFirst().orElse(null);
            if (reason == null) {
                unexplained.add("  CPython: " + want + "\n  pysock:  " + got);
            } else {
                used.add(reason);
            }
        }
        assertTrue(unexplained.isEmpty(), unexplained.size() + " differences not in " + DIFFERENCES.getFileName() + ":\n"
                + String.join("\n", unexplained));
        Set<Pattern> stale = new LinkedHashSet<>(allowed.keySet());
        stale.removeAll(used);
        assertTrue(stale.isEmpty(), "listed differences no probe shows any more (remove them): " + stale);
        assertTrue(same >= 1100, "only " + same + " identical lines");
    }

    private static String name(String line) {
        int colon = line.lastIndexOf(": ok ");
        if (colon < 0) {
            colon = line.indexOf(": ");
            // the name may itself hold ": " (an enum repr): the result starts at the last ": X..."
            Pattern result = Pattern.compile(": ([A-Za-z]+(Error|Exception|Warning|error|Exit|Interrupt)|gaierror|herror|timeout) ");
            var m = result.matcher(line);
            int last = -1;
            while (m.find()) {
                last = m.start();
            }
            colon = last >= 0 ? last : colon;
        }
        return colon < 0 ? line : line.substring(0, colon);
    }

    private static Map<Pattern, String> differences() throws IOException {
        Map<Pattern, String> map = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DIFFERENCES, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int bar = line.lastIndexOf(" | ");
            assertTrue(bar > 0, "no reason given: " + line);
            map.put(Pattern.compile(line.substring(0, bar)), line.substring(bar + 3));
        }
        return map;
    }

    private static boolean offlineShellWorks() {
        return FaultsTest.Offline.works();
    }
}
