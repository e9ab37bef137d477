package io.pysock.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import io.pysock.embed.PysockRunner;
import io.pysock.embed.RunResult;
import io.pysock.embed.Script;
import io.pysock.embed.ScriptRun;
import io.pysock.net.Errno;
import io.pysock.net.Resolver;
import io.pysock.net.SocketError;
import io.pysock.net.SocketModule;

/**
 * The three examples/java programs, each in one JVM with the Python side: a Java server for the
 * tutorial's Python clients, the tutorial's Python server for a Java client, and a Java server
 * handing connections to a Python handler. The tutorial's port is fixed (12345), so these run one
 * after another; host names resolve to loopback through pysock's resolver hook (no DNS).
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.MethodName.class)
class JavaExamplesTest {
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final Path TUTORIAL = ROOT.resolve("examples/tutorial");
    static final String WELCOME = "欢迎访问菜鸟教程！";
    static final String HOST = new SocketModule().gethostname();
    static PysockRunner runner;
    static Resolver previous;

    @BeforeAll
    static void start() {
        previous = SocketModule.resolver();
        SocketModule.setResolver(new Resolver() {
            @Override
            public List<InetAddress> lookup(String host) throws SocketError.AddressLookup {
                if (host.equals(HOST) || host.equals("localhost")) {
                    return List.of(InetAddress.getLoopbackAddress());
                }
                throw new SocketError.AddressLookup(Errno.EAI_NONAME);
            }

            @Override
            public String reverse(InetAddress address) throws SocketError.HostLookup {
                throw new SocketError.HostLookup("Unknown host");
            }
        });
        runner = PysockRunner.create();
    }

    @AfterAll
    static void stop() {
        runner.close();
        SocketModule.setResolver(previous);
    }

    @Test
    void javaServerServesTheTutorialsPythonClients() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (TutorialJavaServer server = new TutorialJavaServer(TutorialJavaServer.PORT,
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(server::serveForever);
            for (String client : List.of("client.py", "client3.py")) {
                RunResult r = runner.run(Script.file(TUTORIAL.resolve(client)));
                assertEquals(WELCOME + "\n", r.stdout(), client + ": " + r.stderr());
            }
            server.close();
            serving.get(30, TimeUnit.SECONDS);
        }
        String printed = log.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("(连接地址： \\('127\\.0\\.0\\.1', \\d+\\)\n){2}"), printed);
    }

    @Test
    void tutorialsPythonServerServesTheJavaClient() throws Exception {
        for (String serverScript : List.of("server.py", "server3.py")) {
            ScriptRun server = runner.start(Script.file(TUTORIAL.resolve(serverScript)));
            try {
                awaitListening(server, TutorialJavaServer.PORT);
                assertEquals(WELCOME, TutorialJavaClient.fetch(HOST, TutorialJavaServer.PORT));
                assertEquals(WELCOME, TutorialJavaClient.fetch("127.0.0.1", TutorialJavaServer.PORT));
            } finally {
                RunResult r = server.stop(Duration.ofSeconds(30));
                assertEquals(2, r.stdout().split("连接地址： \\('127\\.0\\.0\\.1', ").length - 1,
                        serverScript + " printed: " + r.stdout() + r.stderr());
            }
            assertFalse(SocketModule.listeningPorts().contains(TutorialJavaServer.PORT), "the script's listener is closed");
        }
        SocketError.ConnectionRefused e = assertThrows(SocketError.ConnectionRefused.class,
                () -> TutorialJavaClient.fetch("127.0.0.1", TutorialJavaServer.PORT));
        assertEquals(111, e.errno());
    }

    private static void awaitListening(ScriptRun server, int port) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!SocketModule.listeningPorts().contains(port)) {
            if (server.isDone()) {
                fail("server ended before listening: " + server.stdoutSoFar() + server.stderrSoFar());
            }
            assertTrue(System.nanoTime() < end, "nothing listened on " + port);
            Thread.sleep(20);
        }
    }

    @Test
    void javaServerHandsEachConnectionToAPythonHandler() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (HandoffServer server = new HandoffServer(runner, ROOT.resolve("examples/java/handler.py"), 0,
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(server::serveForever);
            try (Socket a = client(server.port()); Socket b = client(server.port())) {
                BufferedReader ra = reader(a);
                BufferedReader rb = reader(b);
                assertEquals("hello 127.0.0.1:" + a.getLocalPort() + ", this is Python", ra.readLine());
                assertEquals("hello 127.0.0.1:" + b.getLocalPort() + ", this is Python", rb.readLine());
                // two connections served at once: b answers while a's handler waits in recv
                write(b, "second\n");
                assertEquals("SECOND", rb.readLine());
                write(a, "first line\nnext\n");
                assertEquals("FIRST LINE", ra.readLine());
                assertEquals("NEXT", ra.readLine());
                write(a, "quit\n");
                assertEquals("bye", ra.readLine());
                assertNull(ra.readLine(), "Java closed the connection after the handler returned");
                write(b, "quit\n");
                assertEquals("bye", rb.readLine());
            }
            server.close();
            serving.get(30, TimeUnit.SECONDS);
        }
        assertEquals("", log.toString(StandardCharsets.UTF_8), "no handler failed");
    }

    private static Socket client(int port) throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(60_000);
        return s;
    }

    private static BufferedReader reader(Socket s) throws Exception {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void write(Socket s, String text) throws Exception {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }
}
