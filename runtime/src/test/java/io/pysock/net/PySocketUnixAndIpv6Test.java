package io.pysock.net;

import static io.pysock.net.NetTestSupport.*;
import static io.pysock.net.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** AF_UNIX stream sockets on a temp path, and AF_INET6 on ::1. */
@Timeout(30)
class PySocketUnixAndIpv6Test {
    @TempDir
    Path dir;

    private String path(String name) {
        String p = dir.resolve(name).toString();
        assertTrue(p.length() < 100, "temp path short enough for sun_path: " + p);
        return p;
    }

    @Test
    void unixStreamRoundTrip() throws Exception {
        String p = path("srv.sock");
        try (PySocket l = PySocket.open(AF_UNIX, SOCK_STREAM); PySocket c = PySocket.open(AF_UNIX, SOCK_STREAM)) {
            l.bindUnix(p);
            assertEquals(p, l.getsockname(), "getsockname is the path, right after bind");
            assertTrue(Files.exists(Path.of(p)), "bind creates the socket file");
            l.listen(4);
            assertEquals(p, l.getsockname());
            assertEquals(1, l.getsockopt(SOL_SOCKET, SO_ACCEPTCONN));
            assertEquals("", c.getsockname(), "an unbound AF_UNIX socket has the empty name");
            c.settimeout(5.0);
            c.connectUnix(p);
            l.settimeout(5.0);
            try (PySocket s = l.accept()) {
                s.settimeout(5.0);
                assertEquals(AF_UNIX, s.family());
                assertEquals(p, s.getsockname());
                assertEquals("", s.getpeername(), "the client never bound");
                assertEquals(p, c.getpeername());
                send(c, "over unix");
                assertEquals("over unix", recvExactly(s, 9));
                send(s, "and back");
                assertEquals("and back", recvExactly(c, 8));
                c.shutdown(SHUT_WR);
                assertEquals(0, s.recvInto(new byte[4], 0, 4, 0));
            }
        }
        assertTrue(Files.exists(Path.of(p)), "CPython leaves the socket file after close");
    }

    @Test
    void unixConnectErrors() throws Exception {
        String missing = path("missing.sock");
        String notListening = path("bound.sock");
        try (PySocket c = PySocket.open(AF_UNIX, SOCK_STREAM); PySocket b = PySocket.open(AF_UNIX, SOCK_STREAM);
                PySocket again = PySocket.open(AF_UNIX, SOCK_STREAM)) {
            c.settimeout(5.0);
            assertOsError(Errno.ENOENT, () -> c.connectUnix(missing));
            assertEquals(Errno.ENOENT, c.connectUnixEx(missing));
            b.bindUnix(notListening);
            assertErrno(SocketError.ConnectionRefused.class, Errno.ECONNREFUSED, () -> c.connectUnix(notListening));
            assertOsError(Errno.EADDRINUSE, () -> again.bindUnix(notListening));
            assertOsError(Errno.EAFNOSUPPORT, () -> c.connect(LO, 80));
        }
        try (PySocket inet = PySocket.open(AF_INET, SOCK_STREAM)) {
            assertOsError(Errno.EAFNOSUPPORT, () -> inet.bindUnix(path("x.sock")));
        }
    }

    @Test
    void unixDatagramIsNotSupported() {
        SocketError e = assertErrno(SocketError.class, Errno.EOPNOTSUPP, () -> PySocket.open(AF_UNIX, SOCK_DGRAM).close());
        assertTrue(e.getMessage().contains("pysock"), e.getMessage());
        assertTrue(e.getMessage().startsWith("Operation not supported"), e.getMessage());
    }

    @Test
    void openRejectsWhatJavaNioCannotDo() {
        assertErrno(SocketError.class, Errno.EAFNOSUPPORT, () -> PySocket.open(17 /* AF_PACKET */, SOCK_STREAM).close());
        SocketError raw = assertErrno(SocketError.class, Errno.ESOCKTNOSUPPORT, () -> PySocket.open(AF_INET, SOCK_RAW).close());
        assertTrue(raw.getMessage().contains("pysock"));
        assertErrno(SocketError.class, Errno.EPROTONOSUPPORT,
                () -> PySocket.open(AF_INET, SOCK_STREAM, IPPROTO_UDP).close());
    }

    @Test
    void ipv6LoopbackRoundTrip() throws Exception {
        try (PySocket l = PySocket.open(AF_INET6, SOCK_STREAM); PySocket c = PySocket.open(AF_INET6, SOCK_STREAM)) {
            l.bind("::1", 0);
            Object[] name = addr(l.getsockname());
            assertEquals(4, name.length, "AF_INET6 addresses are 4-tuples");
            assertEquals("::1", name[0]);
            int p = (Integer) name[1];
            assertTrue(p > 0);
            assertEquals(0, name[2]);
            assertEquals(0, name[3]);
            l.listen(4);
            assertArrayEquals(new Object[] {"::1", p, 0, 0}, addr(l.getsockname()));
            c.settimeout(5.0);
            c.connect6((String) name[0], p, 0);
            l.settimeout(5.0);
            try (PySocket s = l.accept()) {
                s.settimeout(5.0);
                assertArrayEquals(new Object[] {"::1", p, 0, 0}, addr(c.getpeername()));
                assertArrayEquals(addr(c.getsockname()), addr(s.getpeername()));
                assertEquals("::1", addr(s.getpeername())[0]);
                send(c, "v6 ping");
                assertEquals("v6 ping", recvExactly(s, 7));
                send(s, "v6 pong");
                assertEquals("v6 pong", recvExactly(c, 7));
            }
        }
    }

    @Test
    void ipv6UdpRoundTrip() throws Exception {
        try (PySocket a = PySocket.open(AF_INET6, SOCK_DGRAM); PySocket b = PySocket.open(AF_INET6, SOCK_DGRAM)) {
            a.settimeout(5.0);
            a.bind("::1", 0);
            b.bind("::1", 0);
            Object[] an = addr(a.getsockname());
            byte[] d = bytes("dgram6");
            assertEquals(6, b.sendto(d, 0, 6, 0, (String) an[0], (Integer) an[1]));
            byte[] buf = new byte[16];
            Object[] r = a.recvfromInto(buf, 0, buf.length, 0);
            assertEquals("dgram6", str(buf, (Integer) r[0]));
            assertArrayEquals(addr(b.getsockname()), addr(r[1]));
        }
    }

    @Test
    void ipv6UnboundNameIsTheWildcard() throws Exception {
        try (PySocket s = PySocket.open(AF_INET6, SOCK_STREAM)) {
            assertArrayEquals(new Object[] {"::", 0, 0, 0}, addr(s.getsockname()));
        }
    }
}
