package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seed's tutorial pair, unchanged (Python 2) and ported (Python 3), server and client in one
 * JVM on pysock's sockets, and each side against CPython. All use the tutorial's fixed port 12345,
 * so the tests of this class run one after another.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class TutorialTest {
    private static final String WELCOME = "欢迎访问菜鸟教程！\n";
    private static final Pattern CONNECTED = Pattern.compile("连接地址： \\('127\\.0\\.0\\.1', (\\d+)\\)\n");
    private static final Duration START = Duration.ofMinutes(3);

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private void servesTwoClients(String server, List<String> clients) throws Exception {
        Scripts.Captured serverOut = new Scripts.Captured();
        RunningScript srv = Scripts.engine().start(serverOut.apply(RunOptions.script(Scripts.TUTORIAL.resolve(server).toString())));
        try {
            Scripts.awaitListening(srv, serverOut, 12345, START);
            for (String client : clients) {
                if (srv.isDone()) {
                    throw new AssertionError("server ended early with status " + srv.waitFor(Duration.ZERO)
                            + ": " + serverOut.err());
                }
                Scripts.Result r = Scripts.run(RunOptions.script(Scripts.TUTORIAL.resolve(client).toString()));
                assertEquals(0, r.status(), client + " failed: " + r.err());
                assertEquals(WELCOME, r.out(), client + " printed the wrong text");
            }
        } finally {
            srv.stop(Duration.ofSeconds(30));
        }
        assertEquals(clients.size(), count(CONNECTED.matcher(serverOut.out())),
                "server printed: " + serverOut.out() + serverOut.err());
        assertTrue(!io.pysock.net.SocketModule.listeningPorts().contains(12345), "port 12345 still listening after stop");
    }

    @Test
    void python2PairAsWritten() throws Exception {
        servesTwoClients("server.py", List.of("client.py", "client3.py"));
    }

    @Test
    void python3Port() throws Exception {
        servesTwoClients("server3.py", List.of("client3.py", "client.py"));
    }

    @Test
    void pysockServerServesCPythonClient() throws Exception {
        Assumptions.assumeTrue(Scripts.hasPython3(), "python3 is not installed");
        Scripts.Captured serverOut = new Scripts.Captured();
        RunningScript srv = Scripts.engine().start(serverOut.apply(RunOptions.script(Scripts.TUTORIAL.resolve("server.py").toString())));
        try {
            Scripts.awaitListening(srv, serverOut, 12345, START);
            Scripts.Result r = Scripts.python3(Scripts.TUTORIAL.resolve("client3.py"), Duration.ofSeconds(60));
            assertEquals(0, r.status(), r.err());
            assertEquals(WELCOME, r.out());
        } finally {
            srv.stop(Duration.ofSeconds(30));
        }
        assertEquals(1, count(CONNECTED.matcher(serverOut.out())), serverOut.out());
    }

    @Test
    @org.junit.jupiter.api.Order(1) // first: CPython's server (no SO_REUSEADDR) must not meet TIME_WAIT leftovers
    void pysockClientReadsFromCPythonServer() throws Exception {
        Assumptions.assumeTrue(Scripts.hasPython3(), "python3 is not installed");
        Process cpython = startCPythonServer();
        try {
            Scripts.Result r = Scripts.run(RunOptions.script(Scripts.TUTORIAL.resolve("client.py").toString()));
            assertEquals(0, r.status(), r.err());
            assertEquals(WELCOME, r.out());
        } finally {
            cpython.destroy();
            cpython.waitFor(10, TimeUnit.SECONDS);
            cpython.destroyForcibly();
        }
    }

    /** Starts CPython's server3.py; retries while an earlier run's TIME_WAIT holds the port (≤ 90 s). */
    private static Process startCPythonServer() throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            Process p = new ProcessBuilder("python3", Scripts.TUTORIAL.resolve("server3.py").toString())
                    .redirectErrorStream(true).start();
            for (int i = 0; i < 200 && p.isAlive(); i++) {
                try (Socket s = new Socket("127.0.0.1", 12345)) {
                    s.getInputStream().readAllBytes();
                    return p;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            p.destroyForcibly();
            if (System.nanoTime() > end) {
                throw new AssertionError("CPython server3.py did not start: "
                        + new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
            Thread.sleep(1000);
        }
    }
}
