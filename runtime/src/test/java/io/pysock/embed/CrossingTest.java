package io.pysock.embed;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pysock.net.PySocket;
import io.pysock.net.SocketError;

/**
 * One socket seen from both languages: Java sockets handed to Python functions as real
 * socket.socket objects, Python sockets taken back as PySocket, shared state, ownership, and the
 * endpoint registry.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CrossingTest {
    private static final InetSocketAddress LO = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    static PysockRunner runner;
    static LoadedScript handler;
    @TempDir
    static Path dir;

    @BeforeAll
    static void load() throws Exception {
        runner = SharedEngine.runner().build();
        Path f = Files.writeString(dir.resolve("handler.py"), """
                import gc, socket

                served = []

                def handle(conn):
                    assert isinstance(conn, socket.socket), type(conn)
                    seen = conn.gettimeout()
                    line = conn.recv(100)
                    conn.sendall(line.upper())
                    conn.settimeout(2.5)
                    served.append(conn.getpeername()[1])
                    return seen

                def close_it(conn):
                    conn.close()

                def dup_and_accept(listener):
                    d = listener.dup()
                    conn, _ = listener.accept()
                    return d, conn

                def drop(conn):
                    del conn
                    gc.collect()

                def connect_to(port):
                    s = socket.create_connection(('127.0.0.1', port), timeout=7)
                    s.sendall(b'made in python')
                    return s

                def count():
                    return len(served)

                def len_of(data):
                    return len(data)

                def reverse(data):
                    assert type(data) is bytes, type(data)
                    return data[::-1]

                def fail():
                    socket.socket().connect(('127.0.0.1', 1))

                if __name__ == '__main__':
                    raise SystemExit('never runs when loaded')
                """);
        handler = runner.load(Script.file(f));
    }

    @AfterAll
    static void close() {
        runner.close();
    }

    private static Socket jdkClient(PySocket listener) throws Exception {
        Socket s = new Socket();
        s.connect(listener.localAddress(), 10_000);
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void javaAcceptsPythonServesAndBothSeeOneState() throws Exception {
        try (PySocket listener = PySocket.createServer(LO, 4); Socket client = jdkClient(listener);
             PySocket conn = listener.accept()) {
            conn.setTimeout(Duration.ofSeconds(5));
            client.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            double seen = handler.call(Double.class, "handle", conn);
            assertEquals(5.0, seen, "Python saw the timeout Java set");
            assertEquals("HELLO", new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII)).readLine());
            assertEquals(Duration.ofMillis(2500), conn.getTimeout(), "Java sees the timeout Python set");
            assertFalse(conn.isClosed(), "the handler returned; the connection is Java's and still open");
            handler.call("drop", conn);
            assertFalse(conn.isClosed(), "Python's garbage collector does not close a socket Java owns");
            handler.call("close_it", conn);
            assertTrue(conn.isClosed(), "Python's close() is the Java socket's close");
            assertEquals(-1, client.getInputStream().read(), "and the peer sees the FIN");
            assertThrows(SocketError.class, () -> conn.send(new byte[1]));
        }
    }

    @Test
    void pythonSocketTakenBackAsTheJavaObject() throws Exception {
        try (PySocket listener = PySocket.createServer(LO, 1)) {
            listener.setTimeout(Duration.ofSeconds(30));
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            PySocket fromPython = handler.call(PySocket.class, "connect_to", port);
            try (PySocket server = listener.accept()) {
                assertFalse(fromPython.isScriptOwned(), "taken back: Java's now");
                assertEquals(Duration.ofSeconds(7), fromPython.getTimeout(), "the timeout Python set");
                server.setTimeout(Duration.ofSeconds(10));
                assertEquals("made in python", new String(server.recv(100), StandardCharsets.US_ASCII));
                fromPython.sendall("and on from java".getBytes(StandardCharsets.US_ASCII));
                assertEquals("and on from java", new String(server.recv(100), StandardCharsets.US_ASCII));
            } finally {
                fromPython.close();
            }
        }
    }

    @Test
    void concurrentCallsFromJavaThreads() throws Exception {
        int before = handler.call(Integer.class, "count");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (PySocket listener = PySocket.createServer(LO, 8)) {
            listener.setTimeout(Duration.ofSeconds(30));
            List<Socket> clients = new java.util.ArrayList<>();
            List<Future<Double>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(jdkClient(listener));
                PySocket conn = listener.accept();
                conn.setTimeout(Duration.ofSeconds(30));
                // each handler blocks in recv until its client writes: all three wait at once
                calls.add(pool.submit(() -> {
                    try (conn) {
                        return handler.call(Double.class, "handle", conn);
                    }
                }));
            }
            for (int i = 2; i >= 0; i--) { // answer in reverse order: only concurrent handlers get through
                clients.get(i).getOutputStream().write(("c" + i + "\n").getBytes(StandardCharsets.US_ASCII));
                assertEquals("C" + i, new BufferedReader(new InputStreamReader(clients.get(i).getInputStream(),
                        StandardCharsets.US_ASCII)).readLine());
            }
            for (Future<Double> f : calls) {
                assertEquals(30.0, f.get(60, TimeUnit.SECONDS));
            }
            for (Socket c : clients) {
                c.close();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(before + 3, handler.call(Integer.class, "count"));
    }

    @Test
    void whatAScriptAcceptsOrDupsOnALentSocketIsTheScripts() throws Exception {
        try (PySocket listener = PySocket.createServer(LO, 1); Socket client = jdkClient(listener)) {
            listener.setTimeout(Duration.ofSeconds(30));
            org.graalvm.polyglot.Value pair = handler.call("dup_and_accept", listener);
            PySocket dup = (PySocket) pair.getArrayElement(0).getMember("_j").asHostObject();
            PySocket conn = (PySocket) pair.getArrayElement(1).getMember("_j").asHostObject();
            assertFalse(listener.isScriptOwned(), "the lent listener stays Java's");
            assertTrue(dup.isScriptOwned());
            assertTrue(conn.isScriptOwned(), "closed by the script (or its end), not leaked");
            conn.close();
            dup.close();
            assertFalse(listener.isClosed());
        }
    }

    @Test
    void bytesCrossAsBytes() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        byte[] back = handler.call(byte[].class, "reverse", (Object) all);
        assertEquals(256, back.length);
        for (int i = 0; i < all.length; i++) {
            assertEquals((byte) (255 - i), back[i]);
        }
        assertArrayEquals(new byte[0], handler.call(byte[].class, "reverse", (Object) new byte[0]));
        assertEquals(3, handler.call(Integer.class, "len_of", (Object) new byte[] {1, 2, 3}));
    }

    @Test
    void pythonExceptionFromACall() {
        PythonException e = assertThrows(PythonException.class, () -> handler.call("fail"));
        assertEquals("ConnectionRefusedError", e.pythonType());
        assertTrue(e.pythonTraceback().contains("in fail"), e.pythonTraceback());
        assertNull(e.result());
        assertThrows(IllegalArgumentException.class, () -> handler.call("no_such_function"));
        assertEquals("handler", handler.get("__name__").asString(), "loaded as a module: its main block did not run");
    }

    @Test
    void endpointsLendSocketsAndAddressesAndTakeThemBack() throws Exception {
        try (PySocket listener = PySocket.createServer(LO, 2); Socket client = jdkClient(listener);
             PySocket lent = listener.accept()) {
            runner.endpoints().put("lent", lent).put("home", listener.localAddress());
            RunResult r = runner.run(Script.code("""
                    import socket
                    from pysock import java
                    s = java.socket('lent')
                    print(type(s).__name__, isinstance(s, socket.socket), java.address('home')[0], sorted(java.names())[:2])
                    s.sendall(b'from a script\\n')
                    c = socket.create_connection(java.address('home'), timeout=10)
                    c.sendall(b'exported')
                    java.export('back', c)
                    try:
                        java.socket('missing')
                    except KeyError as e:
                        print('KeyError', e)
                    """));
            assertEquals("socket True 127.0.0.1 ['home', 'lent']\nKeyError 'missing'\n", r.stdout(), r.stderr());
            assertEquals("from a script", new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine());
            assertFalse(lent.isClosed(), "a lent socket outlives the script");
            PySocket back = runner.endpoints().awaitSocket("back", Duration.ofSeconds(5));
            assertFalse(back.isClosed(), "an exported socket outlives the script that made it");
            try (PySocket second = listener.accept()) {
                second.setTimeout(Duration.ofSeconds(10));
                assertEquals("exported", new String(second.recv(100), StandardCharsets.US_ASCII));
                back.sendall(new byte[] {'!'});
                assertEquals("!", new String(second.recv(10), StandardCharsets.US_ASCII));
            }
            runner.endpoints().remove("lent");
            runner.endpoints().remove("back");
            back.close();
        }
    }

    @Test
    void withoutARunnerThereAreNoEndpoints() {
        io.pysock.python.RunOptions o = io.pysock.python.RunOptions.code(
                "from pysock import java\ntry:\n    java.socket('x')\nexcept RuntimeError as e:\n    print('RuntimeError')");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int status = SharedEngine.get().run(o.withStreams(java.io.InputStream.nullInputStream(), out, System.err));
        assertEquals(0, status);
        assertEquals("RuntimeError\n", out.toString(StandardCharsets.UTF_8));
    }
}
