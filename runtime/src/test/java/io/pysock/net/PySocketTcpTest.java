package io.pysock.net;

import static io.pysock.net.NetTestSupport.*;
import static io.pysock.net.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TCP on 127.0.0.1: bind/listen/accept/connect, data, EOF, errors, descriptors, close. */
@Timeout(30)
class PySocketTcpTest {
    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pysock-tcp-test");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    // ------------------------------------------------------------ bind / listen / accept

    @Test
    void bindGivesRealPortBeforeListen() throws Exception {
        try (PySocket s = PySocket.open(AF_INET, SOCK_STREAM)) {
            assertArrayEquals(new Object[] {"0.0.0.0", 0}, addr(s.getsockname()), "unbound socket");
            s.bind(LO, 0);
            Object[] a = addr(s.getsockname());
            assertEquals(LO, a[0]);
            int p = (Integer) a[1];
            assertTrue(p > 0 && p < 65536, "a real port right after bind, got " + p);
            assertEquals(0, s.getsockopt(SOL_SOCKET, SO_ACCEPTCONN));
            s.listen(5);
            assertArrayEquals(new Object[] {LO, p}, addr(s.getsockname()), "listen keeps the bound port");
            assertEquals(1, s.getsockopt(SOL_SOCKET, SO_ACCEPTCONN));
            assertTrue(s.isListening());
        }
    }

    @Test
    void secondBindToListeningPortIsEaddrinuse() throws Exception {
        try (PySocket l = listener(); PySocket s = PySocket.open(AF_INET, SOCK_STREAM)) {
            assertOsError(Errno.EADDRINUSE, () -> s.bind(LO, port(l)));
            // the socket is still usable: a bind to another port works
            s.bind(LO, 0);
            assertNotEquals(port(l), port(s));
        }
    }

    @Test
    void secondBindToBoundOnlyPortIsEaddrinuse() throws Exception {
        try (PySocket a = PySocket.open(AF_INET, SOCK_STREAM); PySocket b = PySocket.open(AF_INET, SOCK_STREAM)) {
            a.bind(LO, 0);
            assertOsError(Errno.EADDRINUSE, () -> b.bind(LO, port(a)));
        }
    }

    @Test
    void bindTwiceIsEinval() throws Exception {
        try (PySocket s = PySocket.open(AF_INET, SOCK_STREAM)) {
            s.bind(LO, 0);
            assertOsError(Errno.EINVAL, () -> s.bind(LO, 0));
        }
    }

    @Test
    void listenWithoutBindPicksAPort() throws Exception {
        try (PySocket l = PySocket.open(AF_INET, SOCK_STREAM); PySocket c = PySocket.open(AF_INET, SOCK_STREAM)) {
            l.listen(1);
            Object[] a = addr(l.getsockname());
            assertEquals("0.0.0.0", a[0]);
            int p = (Integer) a[1];
            assertTrue(p > 0, "listen() on an unbound socket binds an ephemeral port");
            c.settimeout(5.0);
            c.connect(LO, p);
            l.settimeout(5.0);
            try (PySocket s = l.accept()) {
                assertArrayEquals(addr(c.getsockname()), addr(s.getpeername()));
            }
        }
    }

    @Test
    void acceptGivesConnectedSocketWithRightNames() throws Exception {
        try (Conn k = new Conn()) {
            int lp = port(k.listener);
            Object[] clientName = addr(k.client.getsockname());
            Object[] clientPeer = addr(k.client.getpeername());
            Object[] serverName = addr(k.server.getsockname());
            Object[] serverPeer = addr(k.server.getpeername());
            assertArrayEquals(new Object[] {LO, lp}, clientPeer);
            assertArrayEquals(new Object[] {LO, lp}, serverName, "accepted socket has the listener's port");
            assertArrayEquals(clientName, serverPeer);
            assertEquals(LO, clientName[0]);
            assertNotEquals(lp, clientName[1]);
            assertEquals(AF_INET, k.server.family());
            assertEquals(SOCK_STREAM, k.server.type());
            assertEquals(0, k.server.getsockopt(SOL_SOCKET, SO_ACCEPTCONN));
            assertNotEquals(k.server.fileno(), k.listener.fileno());
            assertNotEquals(k.server.fileno(), k.client.fileno());
        }
    }

    @Test
    void acceptOnNonListeningSocketIsEinval() throws Exception {
        try (PySocket s = PySocket.open(AF_INET, SOCK_STREAM)) {
            s.bind(LO, 0);
            assertOsError(Errno.EINVAL, s::accept);
        }
    }

    // ------------------------------------------------------------ connect

    @Test
    void connectToClosedPortIsRefusedAndSocketStaysUsable() throws Exception {
        // A socket bound but not listening holds the port: connecting there is refused, no race.
        try (PySocket holder = PySocket.open(AF_INET, SOCK_STREAM);
                PySocket l = listener();
                PySocket c = PySocket.open(AF_INET, SOCK_STREAM)) {
            holder.bind(LO, 0);
            int closed = port(holder);
            c.settimeout(5.0);
            SocketError e = assertErrno(SocketError.ConnectionRefused.class, Errno.ECONNREFUSED, () -> c.connect(LO, closed));
            assertEquals("Connection refused", e.strerror());
            assertEquals("os", e.kind());
            assertEquals(Errno.ECONNREFUSED, c.connectEx(LO, closed));
            assertOsError(Errno.ENOTCONN, c::getpeername);
            // second connect on the same socket, to a live listener
            assertEquals(0, c.connectEx(LO, port(l)));
            l.settimeout(5.0);
            try (PySocket s = l.accept()) {
                s.settimeout(5.0);
                send(c, "after refusal");
                assertEquals("after refusal", recvExactly(s, 13));
                assertArrayEquals(new Object[] {LO, port(l)}, addr(c.getpeername()));
            }
        }
    }

    @Test
    void soErrorIsConsumedByFailedBlockingConnect() throws Exception {
        // CPython on Linux: connect() returns the error and clears it; SO_ERROR reads 0 afterwards.
        try (PySocket holder = PySocket.open(AF_INET, SOCK_STREAM); PySocket c = PySocket.open(AF_INET, SOCK_STREAM)) {
            holder.bind(LO, 0);
            c.settimeout(5.0);
            assertThrows(SocketError.ConnectionRefused.class, () -> c.connect(LO, port(holder)));
            assertEquals(0, c.getsockopt(SOL_SOCKET, SO_ERROR), "SO_ERROR after a refused blocking connect");
            assertEquals(Errno.ECONNREFUSED, c.connectEx(LO, port(holder)));
            assertEquals(0, c.getsockopt(SOL_SOCKET, SO_ERROR), "SO_ERROR after a refused connect_ex");
        }
    }

    @Test
    void connectTwiceIsEisconn() throws Exception {
        try (Conn k = new Conn()) {
            assertOsError(Errno.EISCONN, () -> k.client.connect(LO, port(k.listener)));
            assertEquals(Errno.EISCONN, k.client.connectEx(LO, port(k.listener)));
        }
    }

    // ------------------------------------------------------------ data

    @Test
    void sendRecvRoundTrip() throws Exception {
        try (Conn k = new Conn()) {
            byte[] ping = bytes("ping");
            assertEquals(4, k.client.send(ping, 0, 4, 0));
            assertEquals("ping", recvExactly(k.server, 4));
            send(k.server, "pong!");
            byte[] buf = new byte[16];
            // offset is honoured: the bytes land at buf[3..]
            int got = 0;
            for (int i = 0; i < 10 && got < 5; i++) {
                got += k.client.recvInto(buf, 3 + got, 5 - got, 0);
            }
            assertEquals("pong!", new String(buf, 3, 5, java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(0, buf[0]);
            assertEquals(0, k.client.recvInto(buf, 0, 0, 0), "recv of 0 bytes returns 0 at once");
        }
    }

    @Test
    void sendallOneMebibyteArrivesInOrder() throws Exception {
        int size = 1 << 20;
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        try (Conn k = new Conn()) {
            Future<byte[]> reader = pool.submit(() -> {
                byte[] out = new byte[size];
                int got = 0;
                for (int i = 0; i < 1_000_000 && got < size; i++) {
                    int n = k.server.recvInto(out, got, Math.min(8192, size - got), 0);
                    if (n == 0) {
                        break;
                    }
                    got += n;
                }
                assertEquals(size, got, "bytes received");
                assertEquals(0, k.server.recvInto(new byte[1], 0, 1, 0), "EOF after the sender's shutdown");
                return out;
            });
            k.client.sendall(data, 0, size, 0);
            k.client.shutdown(SHUT_WR);
            byte[] out = reader.get(20, TimeUnit.SECONDS);
            assertTrue(Arrays.equals(data, out), "every byte back, in order");
        }
    }

    @Test
    void sendallHonoursOffsetAndLength() throws Exception {
        try (Conn k = new Conn()) {
            byte[] b = bytes("xxHELLOyy");
            k.client.sendall(b, 2, 5, 0);
            k.client.shutdown(SHUT_WR);
            assertEquals("HELLO", recvExactly(k.server, 5));
            assertEquals(0, k.server.recvInto(new byte[4], 0, 4, 0));
        }
    }

    @Test
    void shutdownWrSendsFinWhileThePeerCanStillReply() throws Exception {
        try (Conn k = new Conn()) {
            send(k.client, "request");
            k.client.shutdown(SHUT_WR);
            assertEquals("request", recvExactly(k.server, 7));
            byte[] buf = new byte[8];
            assertEquals(0, k.server.recvInto(buf, 0, buf.length, 0), "EOF after the peer's SHUT_WR");
            assertEquals(0, k.server.recvInto(buf, 0, buf.length, 0), "EOF stays EOF");
            // the half-closed side still receives
            send(k.server, "reply");
            k.server.close();
            assertEquals("reply", recvExactly(k.client, 5));
            assertEquals(0, k.client.recvInto(buf, 0, buf.length, 0));
        }
    }

    @Test
    void sendAfterOwnShutdownWrIsEpipe() throws Exception {
        // CPython on Linux: BrokenPipeError (EPIPE, 32); the socket is still open, so never EBADF.
        try (Conn k = new Conn()) {
            k.client.shutdown(SHUT_WR);
            assertErrno(SocketError.BrokenPipe.class, Errno.EPIPE, () -> send(k.client, "more"));
            assertErrno(SocketError.BrokenPipe.class, Errno.EPIPE, () -> k.client.send(bytes("x"), 0, 1, 0));
            assertTrue(k.client.fileno() >= 3, "still open");
        }
    }

    @Test
    void recvReturnsZeroAfterPeerClose() throws Exception {
        try (Conn k = new Conn()) {
            send(k.server, "bye");
            k.server.close();
            assertEquals("bye", recvExactly(k.client, 3));
            assertEquals(0, k.client.recvInto(new byte[10], 0, 10, 0));
        }
    }

    // ------------------------------------------------------------ errors

    @Test
    void unconnectedStreamSocketErrors() throws Exception {
        try (PySocket s = PySocket.open(AF_INET, SOCK_STREAM)) {
            byte[] b = new byte[4];
            assertOsError(Errno.ENOTCONN, () -> s.recvInto(b, 0, 4, 0));
            assertErrno(SocketError.BrokenPipe.class, Errno.EPIPE, () -> s.send(b, 0, 4, 0));
            assertErrno(SocketError.BrokenPipe.class, Errno.EPIPE, () -> s.sendall(b, 0, 4, 0));
            assertOsError(Errno.ENOTCONN, s::getpeername);
            assertOsError(Errno.ENOTCONN, () -> s.shutdown(SHUT_RDWR));
            s.setblocking(false);
            assertOsError(Errno.ENOTCONN, () -> s.recvInto(b, 0, 4, 0));
        }
    }

    @Test
    void operationsAfterCloseAreEbadf() throws Exception {
        PySocket s = PySocket.open(AF_INET, SOCK_STREAM);
        int fd = s.fileno();
        assertTrue(fd >= 2000 && fd < 3000, "small int descriptor from Java callers' numbers, got " + fd);
        assertSame(s, PySocket.fromFd(fd));
        assertFalse(s.isClosed());
        s.close();
        assertTrue(s.isClosed());
        assertEquals(-1, s.fileno());
        assertNull(PySocket.fromFd(fd), "the descriptor is released");
        s.close(); // twice is fine
        assertEquals(-1, s.fileno());
        byte[] b = new byte[1];
        assertOsError(Errno.EBADF, () -> s.recvInto(b, 0, 1, 0));
        assertOsError(Errno.EBADF, () -> s.send(b, 0, 1, 0));
        assertOsError(Errno.EBADF, () -> s.sendall(b, 0, 1, 0));
        assertOsError(Errno.EBADF, s::getsockname);
        assertOsError(Errno.EBADF, s::getpeername);
        assertOsError(Errno.EBADF, () -> s.bind(LO, 0));
        assertOsError(Errno.EBADF, () -> s.listen(1));
        assertOsError(Errno.EBADF, s::accept);
        assertOsError(Errno.EBADF, () -> s.connect(LO, 9));
        assertOsError(Errno.EBADF, () -> s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1));
        assertOsError(Errno.EBADF, () -> s.getsockopt(SOL_SOCKET, SO_TYPE));
        assertOsError(Errno.EBADF, () -> s.shutdown(SHUT_RDWR));
        assertOsError(Errno.EBADF, s::dup);
    }

    @Test
    void settimeoutAfterCloseIsEbadf() {
        // CPython: settimeout()/setblocking() on a closed socket raise OSError(EBADF) (fcntl on fd -1).
        PySocket s = assertDoesNotThrow(() -> PySocket.open(AF_INET, SOCK_STREAM));
        s.close();
        SocketError e = assertThrows(SocketError.class, () -> s.settimeout(1.0));
        assertEquals(Errno.EBADF, e.errno());
        e = assertThrows(SocketError.class, () -> s.setblocking(false));
        assertEquals(Errno.EBADF, e.errno());
    }

    @Test
    void closedDescriptorNumberIsReused() throws Exception {
        int fd;
        try (PySocket a = PySocket.open(AF_INET, SOCK_STREAM)) {
            fd = a.fileno();
        }
        try (PySocket b = PySocket.open(AF_INET, SOCK_STREAM)) {
            assertEquals(fd, b.fileno(), "lowest free descriptor, as the kernel hands them out");
            assertSame(b, PySocket.fromFd(fd));
        }
    }

    @Test
    void dupSharesTheConnectionUntilBothAreClosed() throws Exception {
        try (Conn k = new Conn(); PySocket d = k.client.dup()) {
            assertNotEquals(k.client.fileno(), d.fileno());
            assertSame(d, PySocket.fromFd(d.fileno()));
            assertArrayEquals(addr(k.client.getsockname()), addr(d.getsockname()));
            assertArrayEquals(addr(k.client.getpeername()), addr(d.getpeername()));
            assertEquals(10.0, d.gettimeout(), "dup keeps the timeout");
            send(d, "via dup");
            assertEquals("via dup", recvExactly(k.server, 7));
            k.client.close();
            assertEquals(-1, k.client.fileno());
            assertOsError(Errno.EBADF, () -> send(k.client, "x"));
            // the connection is still open: data flows both ways through the dup
            send(k.server, "still there");
            assertEquals("still there", recvExactly(d, 11));
            send(d, "yes");
            assertEquals("yes", recvExactly(k.server, 3));
            d.close();
            // now the last descriptor is closed: the peer sees EOF
            assertEquals(0, k.server.recvInto(new byte[4], 0, 4, 0));
        }
    }

    @Test
    void closeFromAnotherThreadWakesBlockedRecvWithEbadf() throws Exception {
        try (Conn k = new Conn()) {
            k.client.settimeout(null); // blocking forever: only the close can end the wait
            Future<SocketError> blocked = pool.submit(() -> {
                try {
                    k.client.recvInto(new byte[16], 0, 16, 0);
                    return null;
                } catch (SocketError e) {
                    return e;
                }
            });
            Thread.sleep(300); // let it reach the wait
            assertFalse(blocked.isDone(), "recv must block while there is no data");
            long t0 = System.nanoTime();
            k.client.close();
            SocketError e = blocked.get(5, TimeUnit.SECONDS);
            double took = (System.nanoTime() - t0) / 1e9;
            assertNotNull(e, "the blocked recv must fail, not return");
            assertEquals(Errno.EBADF, e.errno(), () -> "got " + e);
            assertTrue(took < 2.0, "woken promptly, took " + took + " s");
        }
    }
}
