package io.pysock.net;

import static io.pysock.net.NetTestSupport.*;
import static io.pysock.net.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** setsockopt/getsockopt with the values and errnos CPython shows on Linux. */
@Timeout(30)
class PySocketOptionsTest {

    private static byte[] linger(int onoff, int secs) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(onoff).putInt(secs).array();
    }

    /**
     * An integer sysctl. Read with a buffered reader: an integer /proc/sys file answers a read at a
     * non-zero offset with EOF, so a reader that first reads one byte gets only the first digit.
     */
    static int sysctl(String path) throws Exception {
        return Integer.parseInt(Files.readAllLines(Path.of(path)).get(0).trim());
    }

    /** What Linux reports for SO_RCVBUF after setting {@code v}: the value doubled, capped by rmem_max. */
    private static int kernelRcvbuf(int v) throws Exception {
        int max = sysctl("/proc/sys/net/core/rmem_max");
        return 2 * Math.min(v, max);
    }

    @Test
    void nodelayAndKeepaliveSetBeforeConnectAreKept() throws Exception {
        try (PySocket l = listener(); PySocket c = PySocket.open(AF_INET, SOCK_STREAM)) {
            assertEquals(0, c.getsockopt(IPPROTO_TCP, TCP_NODELAY));
            assertEquals(0, c.getsockopt(SOL_SOCKET, SO_KEEPALIVE));
            c.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
            c.setsockopt(SOL_SOCKET, SO_KEEPALIVE, 1);
            assertEquals(1, c.getsockopt(IPPROTO_TCP, TCP_NODELAY), "visible before connect");
            assertEquals(1, c.getsockopt(SOL_SOCKET, SO_KEEPALIVE));
            c.settimeout(5.0);
            c.connect(LO, port(l));
            assertEquals(1, c.getsockopt(IPPROTO_TCP, TCP_NODELAY), "kept after connect");
            assertEquals(1, c.getsockopt(SOL_SOCKET, SO_KEEPALIVE), "kept after connect");
            l.settimeout(5.0);
            try (PySocket s = l.accept()) {
                assertEquals(0, s.getsockopt(IPPROTO_TCP, TCP_NODELAY), "the accepted side has its own options");
            }
            c.setsockopt(IPPROTO_TCP, TCP_NODELAY, 0);
            assertEquals(0, c.getsockopt(IPPROTO_TCP, TCP_NODELAY));
        }
    }

    @Test
    void optionsSurviveARefusedConnect() throws Exception {
        try (PySocket holder = PySocket.open(AF_INET, SOCK_STREAM); PySocket c = PySocket.open(AF_INET, SOCK_STREAM)) {
            holder.bind(LO, 0);
            c.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
            c.setsockopt(SOL_SOCKET, SO_KEEPALIVE, 1);
            c.settimeout(5.0);
            assertThrows(SocketError.ConnectionRefused.class, () -> c.connect(LO, port(holder)));
            assertEquals(1, c.getsockopt(IPPROTO_TCP, TCP_NODELAY));
            assertEquals(1, c.getsockopt(SOL_SOCKET, SO_KEEPALIVE));
        }
    }

    @Test
    void listenerOptionsAreInheritedByAcceptedSockets() throws Exception {
        try (PySocket l = PySocket.open(AF_INET, SOCK_STREAM); PySocket c = PySocket.open(AF_INET, SOCK_STREAM)) {
            l.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
            l.setsockopt(SOL_SOCKET, SO_KEEPALIVE, 1);
            l.setsockopt(SOL_SOCKET, SO_RCVBUF, 65536);
            l.bind(LO, 0);
            l.listen(4);
            int expected = kernelRcvbuf(65536);
            assertEquals(expected, l.getsockopt(SOL_SOCKET, SO_RCVBUF), "SO_RCVBUF set before listen is kept");
            c.settimeout(5.0);
            c.connect(LO, port(l));
            l.settimeout(5.0);
            try (PySocket s = l.accept()) {
                assertEquals(1, s.getsockopt(IPPROTO_TCP, TCP_NODELAY));
                assertEquals(1, s.getsockopt(SOL_SOCKET, SO_KEEPALIVE));
                assertEquals(expected, s.getsockopt(SOL_SOCKET, SO_RCVBUF));
            }
            assertEquals(0, c.getsockopt(IPPROTO_TCP, TCP_NODELAY));
        }
    }

    @Test
    void rcvbufSetBeforeListenWithoutBindIsVisible() throws Exception {
        try (PySocket l = PySocket.open(AF_INET, SOCK_STREAM)) {
            l.setsockopt(SOL_SOCKET, SO_RCVBUF, 32768);
            assertEquals(kernelRcvbuf(32768), l.getsockopt(SOL_SOCKET, SO_RCVBUF), "before listen");
            l.listen(1);
            assertEquals(kernelRcvbuf(32768), l.getsockopt(SOL_SOCKET, SO_RCVBUF), "after listen");
            assertTrue(l.getsockopt(SOL_SOCKET, SO_SNDBUF) > 0);
        }
    }

    @Test
    void reuseaddrReadsBackWhatWasSet() throws Exception {
        try (PySocket s = PySocket.open(AF_INET, SOCK_STREAM)) {
            assertEquals(0, s.getsockopt(SOL_SOCKET, SO_REUSEADDR));
            s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
            assertEquals(1, s.getsockopt(SOL_SOCKET, SO_REUSEADDR));
            s.bind(LO, 0);
            s.listen(1);
            assertEquals(1, s.getsockopt(SOL_SOCKET, SO_REUSEADDR), "after listen");
            s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 0);
            assertEquals(0, s.getsockopt(SOL_SOCKET, SO_REUSEADDR));
        }
        try (PySocket l = listener()) {
            assertEquals(0, l.getsockopt(SOL_SOCKET, SO_REUSEADDR), "never set: 0, as a script sees on Linux");
        }
    }

    @Test
    void typeDomainProtocolAcceptconn() throws Exception {
        try (PySocket t = PySocket.open(AF_INET, SOCK_STREAM);
                PySocket u = PySocket.open(AF_INET, SOCK_DGRAM);
                PySocket x = PySocket.open(AF_UNIX, SOCK_STREAM);
                PySocket v6 = PySocket.open(AF_INET6, SOCK_STREAM)) {
            assertEquals(SOCK_STREAM, t.getsockopt(SOL_SOCKET, SO_TYPE));
            assertEquals(AF_INET, t.getsockopt(SOL_SOCKET, SO_DOMAIN));
            assertEquals(IPPROTO_TCP, t.getsockopt(SOL_SOCKET, SO_PROTOCOL));
            assertEquals(0, t.getsockopt(SOL_SOCKET, SO_ACCEPTCONN));
            assertEquals(SOCK_DGRAM, u.getsockopt(SOL_SOCKET, SO_TYPE));
            assertEquals(AF_INET, u.getsockopt(SOL_SOCKET, SO_DOMAIN));
            assertEquals(IPPROTO_UDP, u.getsockopt(SOL_SOCKET, SO_PROTOCOL));
            assertEquals(SOCK_STREAM, x.getsockopt(SOL_SOCKET, SO_TYPE));
            assertEquals(AF_UNIX, x.getsockopt(SOL_SOCKET, SO_DOMAIN));
            assertEquals(0, x.getsockopt(SOL_SOCKET, SO_PROTOCOL));
            assertEquals(AF_INET6, v6.getsockopt(SOL_SOCKET, SO_DOMAIN));
            t.listen(1);
            assertEquals(1, t.getsockopt(SOL_SOCKET, SO_ACCEPTCONN));
            // read-only options
            assertOsError(Errno.ENOPROTOOPT, () -> t.setsockopt(SOL_SOCKET, SO_TYPE, 1));
            // the bytes form of an int option: 4 little-endian bytes even when more are asked for
            assertArrayEquals(new byte[] {1, 0, 0, 0}, t.getsockoptBytes(SOL_SOCKET, SO_TYPE, 16));
        }
    }

    @Test
    void lingerAsStructBytes() throws Exception {
        try (PySocket s = PySocket.open(AF_INET, SOCK_STREAM)) {
            assertArrayEquals(linger(0, 0), s.getsockoptBytes(SOL_SOCKET, SO_LINGER, 8), "off by default");
            assertEquals(0, s.getsockopt(SOL_SOCKET, SO_LINGER));
            s.setsockoptBytes(SOL_SOCKET, SO_LINGER, linger(1, 5), 8);
            assertArrayEquals(linger(1, 5), s.getsockoptBytes(SOL_SOCKET, SO_LINGER, 8));
            assertEquals(1, s.getsockopt(SOL_SOCKET, SO_LINGER), "the int form is l_onoff");
            s.setsockoptBytes(SOL_SOCKET, SO_LINGER, linger(1, 0), 8);
            assertArrayEquals(linger(1, 0), s.getsockoptBytes(SOL_SOCKET, SO_LINGER, 8));
            s.setsockoptBytes(SOL_SOCKET, SO_LINGER, linger(0, 0), 8);
            assertArrayEquals(linger(0, 0), s.getsockoptBytes(SOL_SOCKET, SO_LINGER, 8));
            // kept across listen
            s.setsockoptBytes(SOL_SOCKET, SO_LINGER, linger(1, 3), 8);
            s.listen(1);
            assertArrayEquals(linger(1, 3), s.getsockoptBytes(SOL_SOCKET, SO_LINGER, 8));
            assertOsError(Errno.EINVAL, () -> s.setsockoptBytes(SOL_SOCKET, SO_LINGER, new byte[4], 4));
        }
    }

    @Test
    void lingerZeroMakesCloseResetTheConnection() throws Exception {
        try (Conn k = new Conn()) {
            k.client.setsockoptBytes(SOL_SOCKET, SO_LINGER, linger(1, 0), 8);
            k.client.close(); // abortive close: RST
            SocketError e = assertThrows(SocketError.class, () -> k.server.recvInto(new byte[4], 0, 4, 0));
            assertEquals(Errno.ECONNRESET, e.errno(), () -> "got " + e.getMessage());
        }
    }

    @Test
    void unknownOptionIsEnoprotoopt() throws Exception {
        try (PySocket s = PySocket.open(AF_INET, SOCK_STREAM)) {
            SocketError e = assertErrno(SocketError.class, Errno.ENOPROTOOPT, () -> s.setsockopt(SOL_SOCKET, 999, 1));
            assertTrue(e.getMessage().startsWith("Protocol not available"), e.getMessage());
            assertTrue(e.getMessage().contains("pysock"), e.getMessage());
            assertErrno(SocketError.class, Errno.ENOPROTOOPT, () -> s.getsockopt(SOL_SOCKET, 999));
        }
    }

    @Test
    void ipTtlCannotBeSet() throws Exception {
        try (PySocket s = PySocket.open(AF_INET, SOCK_STREAM)) {
            SocketError e = assertErrno(SocketError.class, Errno.ENOPROTOOPT, () -> s.setsockopt(IPPROTO_IP, IP_TTL, 10));
            assertTrue(e.getMessage().contains("pysock"), e.getMessage());
            int def = sysctl("/proc/sys/net/ipv4/ip_default_ttl");
            assertTrue(def >= 32, "sanity: a real TTL, got " + def);
            assertEquals(def, s.getsockopt(IPPROTO_IP, IP_TTL), "reading gives the kernel default");
        }
    }

    @Test
    void tcpOptionOnUdpSocket() throws Exception {
        try (PySocket u = PySocket.open(AF_INET, SOCK_DGRAM)) {
            // CPython on Linux: getsockopt -> EOPNOTSUPP (95), setsockopt -> ENOPROTOOPT (92).
            assertErrno(SocketError.class, Errno.EOPNOTSUPP, () -> u.getsockopt(IPPROTO_TCP, TCP_NODELAY));
            assertErrno(SocketError.class, Errno.ENOPROTOOPT, () -> u.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1));
        }
    }

    @Test
    void udpBroadcastOption() throws Exception {
        try (PySocket u = PySocket.open(AF_INET, SOCK_DGRAM)) {
            assertEquals(0, u.getsockopt(SOL_SOCKET, SO_BROADCAST));
            u.setsockopt(SOL_SOCKET, SO_BROADCAST, 1);
            assertEquals(1, u.getsockopt(SOL_SOCKET, SO_BROADCAST));
        }
    }
}
