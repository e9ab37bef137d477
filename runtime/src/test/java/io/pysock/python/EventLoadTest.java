package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.pysock.python.EventExamplesTest.Run;

/**
 * Load on the issue-3 echo servers, run on pysock in this JVM: 200 concurrent clients (Java
 * threads with plain java.net.Socket), each doing 100 round trips of a distinct 100-byte line,
 * checked byte for byte and in order, against examples/socketserver/echo_server.py
 * (ThreadingTCPServer: 200 Python threads) and examples/asyncio/echo_server.py (one event loop).
 * Afterwards a client's "shutdown" line stops the server, which must exit with status 0, print
 * no error, and release its port.
 *
 * <p>Tagged "load"; it runs in the default suite. Each test is bounded at 5 minutes (clients and
 * shutdown); on 2 cores a test usually takes well under a minute once the engine is warm (the
 * figures are printed to stdout).
 */
@Tag("load")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class EventLoadTest {
    private static final int CLIENTS = 200;
    private static final int ROUNDS = 100;
    private static final int LINE = 100; // bytes per round trip, '\n' included
    private static final Duration LIMIT = Duration.ofMinutes(5);

    /** Round {@code round} of client {@code client}: 99 printable bytes unique to (client, round), then '\n'. */
    static byte[] payload(int client, int round) {
        byte[] b = new byte[LINE];
        byte[] head = String.format("c%03d r%03d ", client, round).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, b, 0, head.length);
        for (int i = head.length; i < LINE - 1; i++) {
            b[i] = (byte) ('!' + (client * 31 + round * 17 + i * 7) % 94); // '!'..'~', never '\n'
        }
        b[LINE - 1] = '\n';
        return b;
    }

    /**
     * One client: connect, 100 round trips, each echo compared with what was sent. Returns null,
     * or what went wrong, where (connect / round N) and when (seconds after the start signal).
     */
    private static String client(int id, int port, CountDownLatch go) throws Exception {
        go.await();
        long start = System.nanoTime();
        String phase = "connect";
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 120_000);
            s.setSoTimeout(120_000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] got = new byte[LINE];
            for (int round = 0; round < ROUNDS; round++) {
                phase = "round " + round;
                byte[] sent = payload(id, round);
                out.write(sent);
                out.flush();
                int n = in.readNBytes(got, 0, LINE);
                if (n != LINE) {
                    return failure(id, start, phase, "connection closed after " + n + " of " + LINE + " bytes");
                }
                if (!Arrays.equals(sent, got)) {
                    return failure(id, start, phase, "sent " + new String(sent, StandardCharsets.US_ASCII).strip()
                            + " got " + new String(got, StandardCharsets.US_ASCII).strip());
                }
            }
            phase = "close";
            s.shutdownOutput();
            if (in.read() != -1) {
                return failure(id, start, phase, "extra bytes after the last echo");
            }
        } catch (IOException e) {
            return failure(id, start, phase, e.toString());
        }
        return null;
    }

    /** The time in a failure line ("..., at 12.3 s: ..."), for sorting; failures without one go last. */
    private static double failureTime(String failure) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(", at ([0-9.]+) s: ").matcher(failure);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.MAX_VALUE;
    }

    /** One more round trip on a fresh connection, to tell whether the server still serves after a failure. */
    private static String probe(int port) {
        try {
            String r = client(CLIENTS, port, new CountDownLatch(0));
            return r == null ? "served" : r;
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String failure(int id, long start, String phase, String what) {
        return String.format("client %d, %s, at %.1f s: %s", id, phase, (System.nanoTime() - start) / 1e9, what);
    }

    private void load(String example) throws Exception {
        long t0 = System.nanoTime();
        try (Run server = Run.start(example, "127.0.0.1", "0", "--quiet")) {
            int port = EventExamplesTest.awaitListening(server);
            long t1 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<String> failures = new ArrayList<>();
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    int id = i;
                    results.add(pool.submit(() -> client(id, port, go)));
                }
                go.countDown();
                long deadline = System.nanoTime() + LIMIT.toNanos();
                for (int i = 0; i < CLIENTS; i++) {
                    try {
                        String f = results.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                        if (f != null) {
                            failures.add(f);
                        }
                    } catch (ExecutionException e) {
                        failures.add("client " + i + ": " + e.getCause());
                    } catch (TimeoutException e) {
                        failures.add("client " + i + ": not done within " + LIMIT);
                    }
                }
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(30, TimeUnit.SECONDS);
            }
            long t2 = System.nanoTime();
            if (!failures.isEmpty()) {
                failures.sort(java.util.Comparator.comparingDouble(EventLoadTest::failureTime));
                throw new AssertionError(failures.size() + " of " + CLIENTS + " clients failed ("
                        + String.format("%.1f s", (t2 - t1) / 1e9) + "); earliest: "
                        + failures.subList(0, Math.min(5, failures.size())) + "; latest: " + failures.getLast()
                        + "; a new client afterwards: " + probe(port) + server.report());
            }

            // Stop the server the documented way, and check it ends cleanly and lets go of its port.
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
                s.setSoTimeout(60_000);
                s.getOutputStream().write("shutdown\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("shutting down\n", new String(s.getInputStream().readNBytes(14), StandardCharsets.US_ASCII));
            }
            server.assertExitsCleanly(Duration.ofMinutes(2));
            long t3 = System.nanoTime();
            assertTrue(server.out().endsWith("echo server stopped after " + (CLIENTS + 1) + " clients\n"), server.report());
            assertEquals("", server.err(), server.report());
            EventExamplesTest.assertPortReleased(port);
            System.out.printf("%s: start %.1f s, %d clients x %d round trips %.1f s (%.0f round trips/s), stop %.1f s%n",
                    example, (t1 - t0) / 1e9, CLIENTS, ROUNDS, (t2 - t1) / 1e9, CLIENTS * ROUNDS / ((t2 - t1) / 1e9),
                    (t3 - t2) / 1e9);
        }
    }

    @Test
    void threadedSocketServer() throws Exception {
        load("socketserver/echo_server.py");
    }

    @Test
    void asyncioServer() throws Exception {
        load("asyncio/echo_server.py");
    }

    @Test
    void payloadsAreDistinct() throws IOException {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int c = 0; c < CLIENTS; c++) {
            for (int r = 0; r < ROUNDS; r++) {
                byte[] p = payload(c, r);
                assertEquals(LINE, p.length);
                assertTrue(seen.add(new String(p, StandardCharsets.US_ASCII)));
                for (int i = 0; i < LINE - 1; i++) {
                    assertTrue(p[i] >= ' ' && p[i] <= '~' && p[i] != '\n');
                }
            }
        }
    }
}
