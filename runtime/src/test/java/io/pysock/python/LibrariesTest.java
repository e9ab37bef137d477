package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.pysock.python.RunOptions.Sockets;

/**
 * Third-party network libraries, Debian's packages unchanged, against real peers on loopback.
 * Each script runs on python3 (the reference), on pysock's sockets and on GraalPy's built-in
 * sockets, with the same arguments and the same library folder; every output must equal the
 * script's {@code .expected} file, so a difference from CPython fails the test.
 *
 * <p>A library or broker that is not installed makes its test abort with a one-line reason
 * (printed, and shown as skipped, never passed); .ci/run installs them all.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class LibrariesTest {
    static final Path PY = Scripts.ROOT.resolve("runtime/src/test/resources/py/libs");

    @TempDir
    static Path tmp;
    static TestCerts certs;
    static HttpServer http;
    static HttpServer https;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCerts.create(tmp);
        http = LibraryPeers.http(null);
        https = LibraryPeers.http(certs);
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.stop(0);
        }
        if (https != null) {
            https.stop(0);
        }
    }

    static void requires(String missing) {
        if (missing != null) {
            System.err.println("LibrariesTest: not run: " + missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
    }

    @Test
    void requestsAndUrllib3() throws Exception {
        requires(LibraryPeers.missingPackage("requests", "python3-requests"));
        requires(LibraryPeers.missingPackage("urllib3", "python3-urllib3"));
        String[] args = {"http://127.0.0.1:" + http.getAddress().getPort(),
            "https://127.0.0.1:" + https.getAddress().getPort(), certs.caPem().toString(),
            Integer.toString(LibraryPeers.closedPort())};
        compare("test_requests.py", args);
    }

    @Test
    void websockets() throws Exception {
        requires(LibraryPeers.missingPackage("websockets", "python3-websockets"));
        compare("test_websockets.py");
    }

    /** A pysock client against a python3 server, and a python3 client against a pysock server. */
    @Test
    void websocketsAcrossRuntimes() throws Exception {
        requires(LibraryPeers.missingPackage("websockets", "python3-websockets"));
        Path script = PY.resolve("test_websockets.py");
        String expected = Files.readString(PY.resolve("test_websockets.expected"), StandardCharsets.UTF_8);

        ProcessBuilder pb = new ProcessBuilder("python3", "-u", script.toString(), "--serve")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(tmp.resolve("ws-server.err").toFile());
        pb.environment().put("PYTHONPATH", LibraryPeers.DIST_PACKAGES.toString());
        Process server = pb.start();
        try {
            java.io.BufferedReader lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            assertTrue(first != null && first.startsWith("listening "), "python3 server: " + first
                    + Files.readString(tmp.resolve("ws-server.err")));
            Scripts.Result client = pysock(Sockets.PYSOCK, script, "--connect", first.substring("listening ".length()));
            assertEquals(0, client.status(), client.out() + client.err());
            assertEquals(expected, client.out(), "pysock client, python3 server");
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the python3 server did not stop when told");
            assertEquals("done", lines.readLine());
        } finally {
            server.destroyForcibly();
        }

        Scripts.Captured c = new Scripts.Captured();
        RunningScript mine = Scripts.engine().start(c.apply(RunOptions.script(script.toString(), "--serve")
                .withPath(List.of(LibraryPeers.DIST_PACKAGES.toString()))));
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!c.out().contains("\n") && !mine.isDone() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            String first = c.out().split("\n")[0];
            assertTrue(first.startsWith("listening "), "pysock server: " + c.out() + c.err());
            Scripts.Result client = python3(script, "--connect", first.substring("listening ".length()));
            assertEquals(0, client.status(), client.out() + client.err());
            assertEquals(expected, client.out(), "python3 client, pysock server");
            assertEquals(0, mine.waitFor(Duration.ofSeconds(60)), c.err());
            assertEquals(first + "\ndone\n", c.out());
        } finally {
            mine.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void pahoMqttWithMosquitto() throws Exception {
        requires(LibraryPeers.missingPackage("paho", "python3-paho-mqtt"));
        requires(LibraryPeers.missingProgram("mosquitto", "mosquitto"));
        try (LibraryPeers.Broker broker = LibraryPeers.mosquitto(Files.createTempDirectory(tmp, "mosquitto"))) {
            compare("test_paho_mqtt.py", Integer.toString(broker.port()), Integer.toString(LibraryPeers.closedPort()));
        }
    }

    @Test
    void redisPyWithRedisServer() throws Exception {
        requires(LibraryPeers.missingPackage("redis", "python3-redis"));
        requires(LibraryPeers.missingProgram("redis-server", "redis-server"));
        try (LibraryPeers.Broker broker = LibraryPeers.redis(Files.createTempDirectory(tmp, "redis"))) {
            compare("test_redis.py", Integer.toString(broker.port()), Integer.toString(LibraryPeers.closedPort()));
        }
    }

    /** Runs {@code script} on python3, pysock and GraalPy's sockets; each must print the expected text. */
    static void compare(String script, String... args) throws Exception {
        String expected = Files.readString(PY.resolve(script.replace(".py", ".expected")), StandardCharsets.UTF_8);
        Scripts.Result reference = python3(PY.resolve(script), args);
        assertEquals(0, reference.status(), "python3 " + script + ":\n" + reference.out() + reference.err());
        assertEquals(expected, reference.out(), "python3 " + script + " (the reference) printed otherwise");
        Scripts.Result mine = pysock(Sockets.PYSOCK, PY.resolve(script), args);
        assertEquals(0, mine.status(), "pysock " + script + ":\n" + mine.out() + mine.err());
        assertEquals(expected, mine.out(), "pysock " + script + " differs from python3:\n" + mine.err());
        Scripts.Result graalpy = pysock(Sockets.GRAALPY, PY.resolve(script), args);
        assertEquals(0, graalpy.status(), "GraalPy sockets " + script + ":\n" + graalpy.out() + graalpy.err());
        assertEquals(expected, graalpy.out(), "GraalPy sockets " + script + " differs from python3:\n" + graalpy.err());
    }

    /** A run on pysock (or GraalPy's sockets) with Debian's dist-packages on the path, as --path gives it. */
    static Scripts.Result pysock(Sockets sockets, Path script, String... args) {
        return Scripts.runFor(RunOptions.script(script.toString(), args).withSockets(sockets)
                .withPath(List.of(LibraryPeers.DIST_PACKAGES.toString())), Duration.ofSeconds(300));
    }

    /** CPython with the same library folder (PYTHONPATH puts it ahead of any pip-installed copy). */
    static Scripts.Result python3(Path script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(tmp.resolve("python3.err").toFile());
        pb.environment().put("PYTHONPATH", LibraryPeers.DIST_PACKAGES.toString());
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 " + script + " did not finish within 300 s");
        }
        return new Scripts.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("python3.err")));
    }
}
