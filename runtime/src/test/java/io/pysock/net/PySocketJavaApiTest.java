package io.pysock.net;

import static io.pysock.net.NetTestSupport.*;
import static io.pysock.net.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java-style half of {@link PySocket}: typed addresses, byte[] results, Duration timeouts,
 * streams, the typed exceptions and the network policy. Peers are real loopback sockets (pysock's
 * and the JDK's own).
 */
@Timeout(30)
class PySocketJavaApiTest {
    private static final InetSocketAddress ANY_LO = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private static InetSocketAddress local(PySocket s) throws SocketError {
        return (InetSocketAddress) s.localAddress();
    }

    @Test
    void serverAndClientWithTypedAddresses() throws Exception {
        try (PySocket server = PySocket.createServer(ANY_LO, 4)) {
            InetSocketAddress where = local(server);
            assertTrue(where.getPort() > 0);
            assertTrue(server.isListening());
            try (PySocket client = PySocket.createConnection(where, Duration.ofSeconds(5));
                 PySocket conn = server.accept()) {
                assertEquals(Duration.ofSeconds(5), client.getTimeout());
                assertEquals(where, client.remoteAddress());
                assertEquals(client.localAddress(), conn.remoteAddress());
                client.sendall("ping".getBytes(StandardCharsets.US_ASCII));
                conn.setTimeout(Duration.ofSeconds(5));
                assertEquals("ping", new String(conn.recv(1024), StandardCharsets.US_ASCII));
                assertEquals(4, conn.send("pong".getBytes(StandardCharsets.US_ASCII)));
                byte[] buf = new byte[16];
                assertEquals(4, client.recvInto(buf));
                conn.close();
                assertArrayEquals(new byte[0], client.recv(16), "end of stream is an empty array");
            }
        }
    }

    @Test
    void unresolvedAddressGoesThroughPysocksResolver() throws Exception {
        Resolver previous = SocketModule.resolver();
        SocketModule.setResolver(new Resolver() {
            @Override
            public java.util.List<InetAddress> lookup(String host) throws SocketError.AddressLookup {
                if (host.equals("service.test")) {
                    return java.util.List.of(InetAddress.getLoopbackAddress());
                }
                throw new SocketError.AddressLookup(Errno.EAI_NONAME);
            }

            @Override
            public String reverse(InetAddress address) throws SocketError.HostLookup {
                throw new SocketError.HostLookup("Unknown host");
            }
        });
        try (PySocket server = PySocket.createServer(ANY_LO, 1); PySocket c = PySocket.tcp()) {
            c.settimeout(5.0);
            c.connect(InetSocketAddress.createUnresolved("service.test", local(server).getPort()));
            assertEquals(local(server), c.remoteAddress());
            SocketError e = assertErrno(SocketError.AddressLookup.class, Errno.EAI_NONAME,
                    () -> PySocket.tcp().connect(InetSocketAddress.createUnresolved("nowhere.test", 1)));
            assertEquals("gai", e.kind());
        } finally {
            SocketModule.setResolver(previous);
        }
    }

    @Test
    void refusedConnectionIsTypedWithErrno111() throws Exception {
        int closed;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = ss.getLocalPort();
        }
        InetSocketAddress nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), closed);
        SocketError.ConnectionRefused e = assertThrows(SocketError.ConnectionRefused.class,
                () -> PySocket.createConnection(nobody, Duration.ofSeconds(5)));
        assertEquals(111, e.errno());
        assertEquals("Connection refused", e.getMessage());
        assertInstanceOf(SocketError.ConnectionError.class, e);
        try (PySocket s = PySocket.tcp()) {
            assertEquals(Errno.ECONNREFUSED, s.connectEx(nobody), "connectEx returns the errno");
        }
    }

    @Test
    void timeoutRuleInJavaTerms() throws Exception {
        try (PySocket server = PySocket.createServer(ANY_LO, 1);
             PySocket c = PySocket.createConnection(local(server), null);
             PySocket conn = server.accept()) {
            assertNull(c.getTimeout(), "null: blocking");
            assertNull(c.gettimeout());
            c.setTimeout(Duration.ofMillis(200));
            assertEquals(0.2, c.gettimeout(), 1e-9, "the Python view of the same state");
            long t0 = System.nanoTime();
            SocketError.Timeout e = assertThrows(SocketError.Timeout.class, () -> c.recv(10));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 150 && ms < 5000, "timed out after " + ms + " ms");
            assertEquals("timed out", e.getMessage());
            assertEquals("timeout", e.kind());
            c.setTimeout(Duration.ZERO);
            assertFalse(c.getblocking());
            assertErrno(SocketError.WouldBlock.class, Errno.EAGAIN, () -> c.recv(10));
            c.settimeout(1.5);
            assertEquals(Duration.ofMillis(1500), c.getTimeout(), "Python's settimeout seen from Java");
            assertThrows(IllegalArgumentException.class, () -> c.setTimeout(Duration.ofSeconds(-1)));
            conn.sendall(bytes("late"));
            assertEquals("late", str(c.recv(10), 4));
        }
    }

    @Test
    void streamsHonourTheTimeoutAndLeaveTheSocketOpen() throws Exception {
        try (PySocket server = PySocket.createServer(ANY_LO, 1);
             PySocket c = PySocket.createConnection(local(server), Duration.ofMillis(300));
             PySocket conn = server.accept()) {
            InputStream in = c.getInputStream();
            OutputStream out = conn.getOutputStream();
            out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
            byte[] six = in.readNBytes(6);
            assertEquals("hello\n", new String(six, StandardCharsets.US_ASCII));
            // a timeout is an IOException; the stream is still usable afterwards
            assertThrows(SocketError.Timeout.class, in::read);
            out.write('!');
            assertEquals('!', in.read());
            out.close();
            assertFalse(conn.isClosed(), "closing the stream leaves the socket open");
            conn.shutdown(SHUT_WR);
            assertEquals(-1, in.read(), "-1 after the peer's FIN");
            conn.close();
            assertThrows(SocketError.class, () -> conn.getOutputStream().write(1));
        }
        try (PySocket u = PySocket.udp()) {
            assertOsErrorPrefix(Errno.EOPNOTSUPP, u::getInputStream);
        }
    }

    private static void assertOsErrorPrefix(int errno, org.junit.jupiter.api.function.Executable call) {
        SocketError e = assertThrows(SocketError.class, call);
        assertEquals(errno, e.errno());
    }

    @Test
    void streamInteroperatesWithJdkSocket() throws Exception {
        try (ServerSocket jdk = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (java.net.Socket s = jdk.accept()) {
                    s.setSoTimeout(5000);
                    String line = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                            StandardCharsets.UTF_8)).readLine();
                    s.getOutputStream().write(("echo " + line + "\n").getBytes(StandardCharsets.UTF_8));
                    return line;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (PySocket c = PySocket.createConnection(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    jdk.getLocalPort()), Duration.ofSeconds(5))) {
                c.getOutputStream().write("héllo\n".getBytes(StandardCharsets.UTF_8));
                String reply = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                assertEquals("echo héllo", reply);
                assertEquals("héllo", served.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void datagramsWithTypedAddresses() throws Exception {
        try (PySocket a = PySocket.udp(); PySocket b = PySocket.udp()) {
            a.bind(ANY_LO);
            b.bind(ANY_LO);
            b.setTimeout(Duration.ofSeconds(5));
            assertEquals(3, a.sendto(bytes("abc"), b.localAddress()));
            PySocket.Datagram d = b.recvfrom(100);
            assertEquals("abc", str(d.data(), d.data().length));
            assertEquals(a.localAddress(), d.sender());
        }
    }

    @Test
    void unixPathsAsSocketAddresses(@TempDir Path dir) throws Exception {
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        try (PySocket server = PySocket.createServer(path, 1);
             PySocket c = PySocket.createConnection(path, Duration.ofSeconds(5));
             PySocket conn = server.accept()) {
            assertEquals(AF_UNIX, c.family());
            assertTrue(Files.exists(path.getPath()));
            c.sendall(bytes("unix"));
            conn.setTimeout(Duration.ofSeconds(5));
            assertEquals("unix", str(conn.recv(10), 4));
            assertEquals(path.getPath().toString(), server.getsockname(), "Python's address form is the path");
        }
        try (PySocket inet = PySocket.tcp()) {
            assertOsError(Errno.EAFNOSUPPORT, () -> inet.connect(path));
        }
    }

    @Test
    void typedErrorsFollowPythonsExceptionClasses() {
        assertInstanceOf(SocketError.ConnectionRefused.class, SocketError.of(Errno.ECONNREFUSED));
        assertInstanceOf(SocketError.ConnectionReset.class, SocketError.of(Errno.ECONNRESET));
        assertInstanceOf(SocketError.ConnectionAborted.class, SocketError.of(Errno.ECONNABORTED));
        assertInstanceOf(SocketError.BrokenPipe.class, SocketError.of(Errno.EPIPE));
        assertInstanceOf(SocketError.BrokenPipe.class, SocketError.of(Errno.ESHUTDOWN));
        assertInstanceOf(SocketError.PermissionDenied.class, SocketError.of(Errno.EACCES));
        assertInstanceOf(SocketError.WouldBlock.class, SocketError.of(Errno.EINPROGRESS));
        assertEquals(SocketError.class, SocketError.of(Errno.EADDRINUSE).getClass());
        for (int errno : new int[] {Errno.ECONNREFUSED, Errno.ECONNRESET, Errno.EPIPE, Errno.EACCES}) {
            SocketError e = SocketError.of(errno);
            assertEquals(errno, e.errno());
            assertEquals("os", e.kind(), "Python builds OSError(errno) and gets the same subclass");
            assertEquals(Errno.strerror(errno), e.strerror());
        }
    }

    @Test
    void resetByPeerIsConnectionReset() throws Exception {
        try (Conn k = new Conn()) {
            k.client.setsockoptBytes(SOL_SOCKET, SO_LINGER, new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, 8);
            k.client.close();
            assertErrno(SocketError.ConnectionReset.class, Errno.ECONNRESET, () -> k.server.recv(4));
        }
    }

    @Test
    void policyAppliesToScriptOwnedSocketsOnly() throws Exception {
        SocketModule run = new SocketModule();
        run.setPolicy(NetworkPolicy.loopbackOnly());
        try (PySocket server = PySocket.createServer(ANY_LO, 1)) {
            SocketAddress outside = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 1, 2, 3}), 80);
            try (PySocket s = run.socket(AF_INET, SOCK_STREAM, 0)) {
                assertTrue(s.isScriptOwned());
                SocketError.PermissionDenied e = assertThrows(SocketError.PermissionDenied.class, () -> s.connect(outside));
                assertEquals(Errno.EACCES, e.errno());
                assertTrue(e.getMessage().contains("network policy refuses connect to 10.1.2.3:80"), e.getMessage());
                assertEquals(Errno.EACCES, s.connectEx(outside));
                s.settimeout(5.0);
                s.connect(local(server)); // loopback is allowed, and the socket is still usable
            }
            try (PySocket u = run.socket(AF_INET, SOCK_DGRAM, 0)) {
                assertThrows(SocketError.PermissionDenied.class, () -> u.sendto(bytes("x"), outside));
                assertThrows(SocketError.PermissionDenied.class,
                        () -> u.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 1, 2, 3}), 0)));
            }
            SocketModule closed = new SocketModule();
            closed.setPolicy(NetworkPolicy.denyAll());
            try (PySocket s = closed.socket(AF_INET, SOCK_STREAM, 0)) {
                assertThrows(SocketError.PermissionDenied.class, () -> s.listen(1), "listen binds the wildcard");
            }
            // a socket Java owns is not the script's: no policy
            try (PySocket mine = run.socket(AF_INET, SOCK_STREAM, 0).detachFromScript()) {
                assertFalse(mine.isScriptOwned());
                assertEquals(Errno.ECONNREFUSED, mine.connectEx(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1)));
            }
        }
    }

    @Test
    void runEndClosesOwnedSocketsButNotDetachedOnes() throws Exception {
        SocketModule run = new SocketModule();
        PySocket owned = run.socket(AF_INET, SOCK_STREAM, 0);
        PySocket detached = run.socket(AF_INET, SOCK_STREAM, 0).detachFromScript();
        try (PySocket lent = PySocket.createServer(ANY_LO, 1)) {
            assertFalse(lent.isScriptOwned());
            run.adopt(detached);
            assertTrue(detached.isScriptOwned(), "adopt takes a socket nobody owns");
            detached.detachFromScript();
            run.closeAll();
            assertTrue(owned.isClosed());
            assertFalse(detached.isClosed());
            assertFalse(lent.isClosed());
        } finally {
            detached.close();
        }
    }

    @Test
    void perRunTraceGoesToTheRunsStream() throws Exception {
        SocketModule run = new SocketModule();
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        run.setTrace(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
        try (PySocket s = run.socket(AF_INET, SOCK_STREAM, 0); PySocket quiet = PySocket.tcp()) {
            s.bind(ANY_LO);
            quiet.bind(ANY_LO);
            String log = buf.toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("[pysock] fd=" + s.fileno() + " bind 127.0.0.1:"), log);
            assertFalse(log.contains("fd=" + quiet.fileno() + " "), "a socket of no run is not traced: " + log);
        }
    }
}
