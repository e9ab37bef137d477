package io.pysock.net;

import static io.pysock.net.NetTestSupport.*;
import static io.pysock.net.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Timeouts, non-blocking mode, MSG_PEEK and MSG_DONTWAIT on TCP. */
@Timeout(30)
class PySocketTimeoutTest {

    private static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    @Test
    void timeoutAndBlockingValues() throws Exception {
        try (PySocket s = PySocket.open(AF_INET, SOCK_STREAM)) {
            assertNull(s.gettimeout(), "blocking by default (no default timeout set)");
            assertTrue(s.getblocking());
            s.settimeout(0.2);
            assertEquals(0.2, s.gettimeout(), 1e-9);
            assertTrue(s.getblocking(), "a timeout socket is blocking");
            s.setblocking(false);
            assertEquals(0.0, s.gettimeout());
            assertFalse(s.getblocking());
            s.setblocking(true);
            assertNull(s.gettimeout());
            assertTrue(s.getblocking());
            s.settimeout(0.0);
            assertFalse(s.getblocking());
            s.settimeout(null);
            assertNull(s.gettimeout());
            assertThrows(IllegalArgumentException.class, () -> s.settimeout(-1.0));
        }
        try (PySocket nb = PySocket.open(AF_INET, SOCK_STREAM | SOCK_NONBLOCK)) {
            assertEquals(0.0, nb.gettimeout(), "SOCK_NONBLOCK makes a non-blocking socket");
            assertEquals(SOCK_STREAM, nb.type());
        }
    }

    @Test
    void recvTimesOut() throws Exception {
        try (Conn k = new Conn()) {
            k.client.settimeout(0.2);
            long t0 = System.nanoTime();
            SocketError e = assertErrno(SocketError.Timeout.class, Errno.ETIMEDOUT,
                    () -> k.client.recvInto(new byte[8], 0, 8, 0));
            double took = since(t0);
            assertEquals("timeout", e.kind());
            assertEquals("timed out", e.getMessage());
            assertTrue(took >= 0.15 && took < 5.0, "took " + took + " s");
            // a timeout does not break the connection
            send(k.server, "late");
            assertEquals("late", recvExactly(k.client, 4));
        }
    }

    @Test
    void acceptTimesOut() throws Exception {
        try (PySocket l = listener()) {
            l.settimeout(0.2);
            long t0 = System.nanoTime();
            assertErrno(SocketError.Timeout.class, Errno.ETIMEDOUT, l::accept);
            double took = since(t0);
            assertTrue(took >= 0.15 && took < 5.0, "took " + took + " s");
            // the listener still works
            try (PySocket c = PySocket.open(AF_INET, SOCK_STREAM)) {
                c.settimeout(5.0);
                c.connect(LO, port(l));
                l.settimeout(5.0);
                try (PySocket s = l.accept()) {
                    assertArrayEquals(addr(c.getsockname()), addr(s.getpeername()));
                }
            }
        }
    }

    @Test
    void nonBlockingRecvAndAcceptAreEagain() throws Exception {
        try (Conn k = new Conn()) {
            k.client.setblocking(false);
            long t0 = System.nanoTime();
            SocketError e = assertErrno(SocketError.WouldBlock.class, Errno.EAGAIN,
                    () -> k.client.recvInto(new byte[8], 0, 8, 0));
            assertTrue(since(t0) < 1.0, "non-blocking means at once");
            assertEquals("Resource temporarily unavailable", e.strerror());
            assertEquals("os", e.kind());
            k.listener.setblocking(false);
            assertErrno(SocketError.WouldBlock.class, Errno.EAGAIN, k.listener::accept);
            // data that arrived is read without waiting
            send(k.server, "now");
            String got = null;
            for (int i = 0; i < 500 && got == null; i++) {
                try {
                    got = recvExactly(k.client, 3);
                } catch (SocketError.WouldBlock wb) {
                    Thread.sleep(5);
                }
            }
            assertEquals("now", got);
        }
    }

    @Test
    void nonBlockingConnectCompletesAndSoErrorIsZero() throws Exception {
        try (PySocket l = listener(); PySocket c = PySocket.open(AF_INET, SOCK_STREAM)) {
            c.setblocking(false);
            SocketError e = assertErrno(SocketError.WouldBlock.class, Errno.EINPROGRESS, () -> c.connect(LO, port(l)));
            assertEquals("Operation now in progress", e.strerror());
            boolean connected = false;
            for (int i = 0; i < 500 && !connected; i++) {
                assertEquals(0, c.getsockopt(SOL_SOCKET, SO_ERROR), "no pending error while connecting to a listener");
                try {
                    c.getpeername();
                    connected = true;
                } catch (SocketError notYet) {
                    assertEquals(Errno.ENOTCONN, notYet.errno());
                    Thread.sleep(5);
                }
            }
            assertTrue(connected, "connect completed within the bounded wait");
            assertEquals(0, c.getsockopt(SOL_SOCKET, SO_ERROR));
            assertArrayEquals(new Object[] {LO, port(l)}, addr(c.getpeername()));
            l.settimeout(5.0);
            try (PySocket s = l.accept()) {
                s.settimeout(5.0);
                assertEquals(5, c.send(bytes("hello"), 0, 5, 0));
                assertEquals("hello", recvExactly(s, 5));
            }
        }
    }

    @Test
    void nonBlockingConnectExPollingGivesZeroThenEisconn() throws Exception {
        // CPython on Linux: 115 (EINPROGRESS), then 114 (EALREADY) while pending, then 0 once, then 106.
        try (PySocket l = listener(); PySocket c = PySocket.open(AF_INET, SOCK_STREAM)) {
            c.setblocking(false);
            assertEquals(Errno.EINPROGRESS, c.connectEx(LO, port(l)));
            int r = Errno.EALREADY;
            for (int i = 0; i < 500 && r == Errno.EALREADY; i++) {
                r = c.connectEx(LO, port(l));
                if (r == Errno.EALREADY) {
                    Thread.sleep(5);
                }
            }
            assertEquals(0, r, "the first connect_ex after completion returns 0 on Linux");
            assertEquals(Errno.EISCONN, c.connectEx(LO, port(l)));
        }
    }

    @Test
    void nonBlockingConnectRefusedShowsInSoError() throws Exception {
        try (PySocket holder = PySocket.open(AF_INET, SOCK_STREAM); PySocket c = PySocket.open(AF_INET, SOCK_STREAM)) {
            holder.bind(LO, 0);
            c.setblocking(false);
            int r = c.connectEx(LO, port(holder));
            if (r == Errno.ECONNREFUSED) {
                return; // refused at once is also what Linux may do; nothing pending then
            }
            assertEquals(Errno.EINPROGRESS, r);
            int err = 0;
            for (int i = 0; i < 500 && err == 0; i++) {
                err = c.getsockopt(SOL_SOCKET, SO_ERROR);
                if (err == 0) {
                    Thread.sleep(5);
                }
            }
            assertEquals(Errno.ECONNREFUSED, err);
            assertEquals(0, c.getsockopt(SOL_SOCKET, SO_ERROR), "reading SO_ERROR clears it");
        }
    }

    @Test
    void msgPeekReturnsDataWithoutConsumingIt() throws Exception {
        try (Conn k = new Conn()) {
            send(k.server, "peekaboo");
            byte[] buf = new byte[16];
            int n = 0;
            for (int i = 0; i < 200 && n < 8; i++) {
                n = k.client.recvInto(buf, 0, 16, MSG_PEEK);
                if (n < 8) {
                    Thread.sleep(5);
                }
            }
            assertEquals("peekaboo", str(buf, n));
            byte[] again = new byte[4];
            assertEquals(4, k.client.recvInto(again, 0, 4, MSG_PEEK));
            assertEquals("peek", str(again, 4), "a second peek sees the same bytes");
            assertEquals("peekaboo", recvExactly(k.client, 8), "a normal recv then consumes them");
            // nothing left: a non-blocking recv would block
            assertErrno(SocketError.WouldBlock.class, Errno.EAGAIN, () -> k.client.recvInto(buf, 0, 16, MSG_DONTWAIT));
            send(k.server, "next");
            assertEquals("next", recvExactly(k.client, 4));
        }
    }

    @Test
    void msgDontwaitOnBlockingSocketIsEagain() throws Exception {
        try (Conn k = new Conn()) {
            k.client.settimeout(null);
            long t0 = System.nanoTime();
            assertErrno(SocketError.WouldBlock.class, Errno.EAGAIN, () -> k.client.recvInto(new byte[8], 0, 8, MSG_DONTWAIT));
            assertTrue(since(t0) < 1.0);
            assertNull(k.client.gettimeout(), "the flag does not change the socket's mode");
            send(k.server, "x");
            assertEquals("x", recvExactly(k.client, 1));
        }
    }

    @Test
    void sendallTimesOutWhenThePeerDoesNotRead() throws Exception {
        try (Conn k = new Conn()) {
            k.client.settimeout(0.3);
            byte[] big = new byte[64 << 20];
            long t0 = System.nanoTime();
            assertErrno(SocketError.Timeout.class, Errno.ETIMEDOUT, () -> k.client.sendall(big, 0, big.length, 0));
            double took = since(t0);
            assertTrue(took >= 0.25 && took < 5.0, "one deadline for the whole sendall, took " + took + " s");
        }
    }

    @Test
    void nonBlockingSendIsPartialThenEagain() throws Exception {
        try (Conn k = new Conn()) {
            k.client.setblocking(false);
            byte[] big = new byte[64 << 20];
            int n = k.client.send(big, 0, big.length, 0);
            assertTrue(n > 0 && n < big.length, "a partial count, got " + n);
            SocketError e = null;
            for (int i = 0; i < 1000 && e == null; i++) {
                try {
                    k.client.send(big, 0, big.length, 0);
                } catch (SocketError.WouldBlock wb) {
                    e = wb;
                }
            }
            assertNotNull(e, "the send buffer fills up");
            assertEquals(Errno.EAGAIN, e.errno());
            assertErrno(SocketError.WouldBlock.class, Errno.EAGAIN, () -> k.client.sendall(big, 0, 1024, 0));
        }
    }

    @Test
    void recvAfterShutRdIsEof() throws Exception {
        try (Conn k = new Conn()) {
            k.client.shutdown(SHUT_RD);
            assertEquals(0, k.client.recvInto(new byte[4], 0, 4, 0));
            send(k.client, "still sends");
            assertEquals("still sends", recvExactly(k.server, 11));
        }
    }
}
