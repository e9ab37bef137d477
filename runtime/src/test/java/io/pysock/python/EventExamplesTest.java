package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.pysock.net.SocketModule;

/**
 * The issue-3 examples (examples/select, examples/socketserver, examples/asyncio), server and
 * clients in this JVM on pysock's sockets. Servers take port 0 and print
 * "listening on 127.0.0.1:PORT"; the test reads the port from that line (and checks pysock's
 * listener table agrees), so tests never collide on a port. Every server here ends by itself
 * (--max-clients N, or a client's "shutdown" line) and must exit with status 0 and release its
 * port; a run still going when a test fails is stopped.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class EventExamplesTest {
    static final Path EXAMPLES = Scripts.ROOT.resolve("examples");
    static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)\n");
    /** The first script of a JVM pays for engine start-up (and a Python 2 script for translation). */
    static final Duration START = Duration.ofMinutes(3);
    static final Duration STEP = Duration.ofSeconds(90);

    /** Stdin for a script, fed by the test: each {@link #send} is one chunk, {@link #end} is EOF. */
    static final class Feed extends InputStream {
        private static final byte[] EOF = new byte[0];
        private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int pos;
        private boolean eof;

        void send(String text) {
            queue.add(text.getBytes(StandardCharsets.UTF_8));
        }

        void end() {
            queue.add(EOF);
        }

        @Override
        public synchronized int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (!eof && pos == current.length) {
                try {
                    current = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("stdin read interrupted");
                }
                pos = 0;
                eof = current == EOF;
            }
            if (eof) {
                return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public synchronized int available() {
            if (pos < current.length) {
                return current.length - pos;
            }
            byte[] next = queue.peek();
            return next == null ? 0 : next.length;
        }
    }

    /** A script started on pysock in this JVM, with its own stdin feed and captured output. */
    static final class Run implements AutoCloseable {
        final String name;
        final Feed in = new Feed();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final RunningScript script;

        private Run(String name, RunOptions options) {
            this.name = name;
            this.script = Scripts.engine().start(options.withStreams(in, out, err));
        }

        static Run start(String example, String... args) {
            return new Run(example, RunOptions.script(EXAMPLES.resolve(example).toString(), args));
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        String report() {
            return "\n--- " + name + (script.isDone() ? " (ended)" : " (running)") + " stdout:\n" + out()
                    + "--- " + name + " stderr:\n" + err();
        }

        /** Waits until stdout matches {@code p}; fails if the script ends first or the limit passes. */
        Matcher await(Pattern p, Duration limit) throws InterruptedException {
            long end = System.nanoTime() + limit.toNanos();
            while (true) {
                Matcher m = p.matcher(out());
                if (m.find()) {
                    return m;
                }
                if (script.isDone()) {
                    // one last look: the output may have landed just before the end
                    m = p.matcher(out());
                    if (m.find()) {
                        return m;
                    }
                    throw new AssertionError(name + " ended without printing /" + p + "/" + report());
                }
                if (System.nanoTime() > end) {
                    throw new AssertionError(name + " did not print /" + p + "/ within " + limit + report());
                }
                Thread.sleep(20);
            }
        }

        void awaitText(String text, Duration limit) throws InterruptedException {
            await(Pattern.compile(Pattern.quote(text)), limit);
        }

        /** The exit status, waiting at most {@code limit}. */
        int exit(Duration limit) throws InterruptedException {
            try {
                return script.waitFor(limit);
            } catch (TimeoutException e) {
                throw new AssertionError(name + " did not exit within " + limit + report());
            }
        }

        void assertExitsCleanly(Duration limit) throws InterruptedException {
            assertEquals(0, exit(limit), name + " failed" + report());
        }

        @Override
        public void close() throws InterruptedException {
            in.end();
            script.stop(Duration.ofSeconds(30));
        }
    }

    /** Waits for a server's "listening on 127.0.0.1:PORT" line; returns PORT (which pysock must list as listening). */
    static int awaitListening(Run server) throws InterruptedException {
        int port = Integer.parseInt(server.await(LISTENING, START).group(1));
        assertTrue(port > 0, server.report());
        assertTrue(SocketModule.listeningPorts().contains(port),
                "printed port " + port + " is not among pysock's listening ports " + SocketModule.listeningPorts());
        return port;
    }

    /** After a server has ended: its listener is gone from pysock's table and the port can be bound again. */
    static void assertPortReleased(int port) throws IOException {
        assertFalse(SocketModule.listeningPorts().contains(port), "port " + port + " still listening after the server ended");
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }

    private static Run client(String example, int port, String... messages) {
        String[] args = new String[messages.length + 2];
        args[0] = "127.0.0.1";
        args[1] = Integer.toString(port);
        System.arraycopy(messages, 0, args, 2, messages.length);
        return Run.start(example, args);
    }

    private static String runClient(String example, int port, String... messages) throws InterruptedException {
        try (Run c = client(example, port, messages)) {
            c.assertExitsCleanly(START);
            return c.out();
        }
    }

    /** Two chat clients on one chat server: each sees the other's line, then all three end by themselves. */
    private void chat(String serverScript, String clientScript) throws Exception {
        try (Run server = Run.start(serverScript, "127.0.0.1", "0", "--max-clients", "2")) {
            int port = awaitListening(server);
            try (Run a = client(clientScript, port); Run b = client(clientScript, port)) {
                try {
                    a.awaitText("connected to 127.0.0.1:" + port + "\n", START);
                    b.awaitText("connected to 127.0.0.1:" + port + "\n", START);
                    server.awaitText("(2 online)\n", STEP);
                    a.in.send("hello from A\n");
                    b.in.send("hello from B\n");
                    a.await(Pattern.compile("\\[127\\.0\\.0\\.1:\\d+\\] hello from B\n"), STEP);
                    b.await(Pattern.compile("\\[127\\.0\\.0\\.1:\\d+\\] hello from A\n"), STEP);
                    // End of stdin: each client shuts down its side, the server drops it, the client
                    // sees the close and exits; with both gone the server (--max-clients 2) ends too.
                    a.in.end();
                    b.in.end();
                    a.assertExitsCleanly(STEP);
                    b.assertExitsCleanly(STEP);
                    server.assertExitsCleanly(STEP);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + server.report() + a.report() + b.report(), e);
                }
                assertFalse(a.out().contains("hello from A"), "a client got its own line back" + a.report());
                assertFalse(b.out().contains("hello from B"), "a client got its own line back" + b.report());
            }
            assertTrue(server.out().contains("chat server stopped after 2 clients\n"), server.report());
            assertEquals("", server.err(), server.report());
            assertPortReleased(port);
        }
    }

    @Test
    void chatPython3() throws Exception {
        chat("select/chat_server.py", "select/chat_client.py");
    }

    @Test
    void chatPython2() throws Exception {
        chat("select/chat_server2.py", "select/chat_client2.py");
    }

    @Test
    void chatServerStopsOnShutdownLine() throws Exception {
        try (Run server = Run.start("select/chat_server.py", "127.0.0.1", "0")) {
            int port = awaitListening(server);
            try (Run c = client("select/chat_client2.py", port)) {
                c.awaitText("connected to", START);
                c.in.send("/shutdown\n");
                server.assertExitsCleanly(STEP);
                c.in.end();
                c.assertExitsCleanly(STEP);
            }
            assertTrue(server.out().contains("shutdown requested by 127.0.0.1:"), server.report());
            assertPortReleased(port);
        }
    }

    @Test
    void socketServerEchoPython2() throws Exception {
        try (Run server = Run.start("socketserver/echo_server2.py", "127.0.0.1", "0", "--max-clients", "2")) {
            int port = awaitListening(server);
            assertEquals("echo: hello\necho: wörld\n", runClient("socketserver/echo_client.py", port, "hello", "wörld"),
                    server.report());
            assertEquals("echo: again\n", runClient("socketserver/echo_client.py", port, "again"), server.report());
            server.assertExitsCleanly(STEP);
            String out = server.out();
            assertEquals(2, count(Pattern.compile("connection from 127\\.0\\.0\\.1:\\d+\n"), out), server.report());
            assertTrue(out.contains(" closed after 2 lines\n") && out.contains(" closed after 1 lines\n"), server.report());
            assertTrue(out.endsWith("echo server stopped\n"), server.report());
            assertPortReleased(port);
        }
    }

    @Test
    void threadedSocketServerEcho() throws Exception {
        try (Run server = Run.start("socketserver/echo_server.py", "127.0.0.1", "0")) {
            int port = awaitListening(server);
            assertEquals("echo: one\necho: two\n", runClient("socketserver/echo_client.py", port, "one", "two"),
                    server.report());
            // two clients at once: the threading server serves the second while the first is open
            try (Run first = client("socketserver/echo_client.py", port, "first");
                    Run second = client("socketserver/echo_client.py", port, "second")) {
                first.assertExitsCleanly(START);
                second.assertExitsCleanly(START);
                assertEquals("echo: first\n", first.out());
                assertEquals("echo: second\n", second.out());
            }
            assertEquals("echo: last\necho: shutting down\n",
                    runClient("socketserver/echo_client.py", port, "last", "shutdown"), server.report());
            server.assertExitsCleanly(STEP);
            assertTrue(server.out().endsWith("echo server stopped after 4 clients\n"), server.report());
            assertEquals("", server.err(), server.report());
            assertPortReleased(port);
        }
    }

    @Test
    void asyncioEcho() throws Exception {
        try (Run server = Run.start("asyncio/echo_server.py", "127.0.0.1", "0")) {
            int port = awaitListening(server);
            assertEquals("echo: hello\necho: world\n", runClient("asyncio/echo_client.py", port), server.report());
            assertEquals("echo: ünïcode\n", runClient("socketserver/echo_client.py", port, "ünïcode"), server.report());
            assertEquals("echo: bye\necho: shutting down\n", runClient("asyncio/echo_client.py", port, "bye", "shutdown"),
                    server.report());
            server.assertExitsCleanly(STEP);
            assertEquals(3, count(Pattern.compile("connection from 127\\.0\\.0\\.1:\\d+\n"), server.out()), server.report());
            assertTrue(server.out().endsWith("echo server stopped after 3 clients\n"), server.report());
            assertEquals("", server.err(), server.report());
            assertPortReleased(port);
        }
    }

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
