package io.pysock.net;

import static io.pysock.net.NetTestSupport.*;
import static io.pysock.net.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UDP on 127.0.0.1: sendto/recvfrom, connected UDP, timeouts, MSG_PEEK, multicast membership. */
@Timeout(30)
class PySocketUdpTest {

    private static PySocket udp() throws SocketError {
        PySocket s = PySocket.open(AF_INET, SOCK_DGRAM);
        s.settimeout(5.0);
        return s;
    }

    private static PySocket boundUdp() throws SocketError {
        PySocket s = udp();
        s.bind(LO, 0);
        return s;
    }

    private static void sendto(PySocket s, String text, String host, int port) throws SocketError {
        byte[] b = bytes(text);
        assertEquals(b.length, s.sendto(b, 0, b.length, 0, host, port));
    }

    @Test
    void sendtoRecvfromGivesTheSenderAddress() throws Exception {
        try (PySocket a = boundUdp(); PySocket b = boundUdp()) {
            sendto(b, "hello", LO, port(a));
            byte[] buf = new byte[64];
            Object[] r = a.recvfromInto(buf, 0, buf.length, 0);
            assertEquals(5, r[0]);
            assertEquals("hello", str(buf, 5));
            assertArrayEquals(new Object[] {LO, port(b)}, addr(r[1]));
            assertArrayEquals(addr(b.getsockname()), addr(r[1]));
        }
    }

    @Test
    void sendtoFromUnboundSocketBindsItImplicitly() throws Exception {
        try (PySocket a = boundUdp(); PySocket b = udp()) {
            assertArrayEquals(new Object[] {"0.0.0.0", 0}, addr(b.getsockname()));
            sendto(b, "x", LO, port(a));
            int p = port(b);
            assertTrue(p > 0, "sendto binds an ephemeral port");
            byte[] buf = new byte[8];
            Object[] r = a.recvfromInto(buf, 0, buf.length, 0);
            assertEquals(p, addr(r[1])[1]);
            // the receiver can answer to the address it got
            Object[] from = addr(r[1]);
            sendto(a, "reply", (String) from[0], (Integer) from[1]);
            Object[] back = b.recvfromInto(buf, 0, buf.length, 0);
            assertEquals(5, back[0]);
            assertEquals("reply", str(buf, 5));
        }
    }

    @Test
    void connectedUdpSendAndRecv() throws Exception {
        try (PySocket a = boundUdp(); PySocket b = boundUdp(); PySocket stranger = boundUdp()) {
            a.connect(LO, port(b));
            b.connect(LO, port(a));
            assertArrayEquals(new Object[] {LO, port(b)}, addr(a.getpeername()));
            // a datagram from anyone but the peer is not delivered to a connected socket
            sendto(stranger, "from stranger", LO, port(a));
            byte[] ping = bytes("ping");
            assertEquals(4, b.send(ping, 0, 4, 0));
            byte[] buf = new byte[64];
            int n = a.recvInto(buf, 0, buf.length, 0);
            assertEquals("ping", str(buf, n));
            a.sendall(bytes("pong"), 0, 4, 0);
            Object[] r = b.recvfromInto(buf, 0, buf.length, 0);
            assertEquals("pong", str(buf, (Integer) r[0]));
            assertArrayEquals(new Object[] {LO, port(a)}, addr(r[1]));
            a.shutdown(SHUT_WR); // Linux accepts shutdown on a connected UDP socket
        }
    }

    @Test
    void sendOnUnconnectedUdpIsEdestaddrreq() throws Exception {
        try (PySocket u = udp()) {
            assertOsError(Errno.EDESTADDRREQ, () -> u.send(bytes("x"), 0, 1, 0));
            assertOsError(Errno.EOPNOTSUPP, () -> u.listen(1));
            assertOsError(Errno.ENOTCONN, u::getpeername);
        }
    }

    @Test
    void recvfromTimesOut() throws Exception {
        try (PySocket a = boundUdp()) {
            a.settimeout(0.2);
            long t0 = System.nanoTime();
            assertErrno(SocketError.Timeout.class, Errno.ETIMEDOUT, () -> a.recvfromInto(new byte[8], 0, 8, 0));
            double took = (System.nanoTime() - t0) / 1e9;
            assertTrue(took >= 0.15 && took < 5.0, "took " + took + " s");
            a.setblocking(false);
            assertErrno(SocketError.WouldBlock.class, Errno.EAGAIN, () -> a.recvfromInto(new byte[8], 0, 8, 0));
            a.setblocking(true);
            assertErrno(SocketError.WouldBlock.class, Errno.EAGAIN, () -> a.recvfromInto(new byte[8], 0, 8, MSG_DONTWAIT));
        }
    }

    @Test
    void msgPeekOnUdpLeavesTheDatagramQueued() throws Exception {
        try (PySocket a = boundUdp(); PySocket b = boundUdp()) {
            sendto(b, "first", LO, port(a));
            sendto(b, "second", LO, port(a));
            byte[] buf = new byte[64];
            Object[] p1 = a.recvfromInto(buf, 0, buf.length, MSG_PEEK);
            assertEquals("first", str(buf, (Integer) p1[0]));
            assertArrayEquals(new Object[] {LO, port(b)}, addr(p1[1]));
            Object[] p2 = a.recvfromInto(buf, 0, 3, MSG_PEEK);
            assertEquals("fir", str(buf, (Integer) p2[0]), "a shorter peek sees the start of the same datagram");
            Object[] r1 = a.recvfromInto(buf, 0, buf.length, 0);
            assertEquals("first", str(buf, (Integer) r1[0]), "the peeked datagram is read whole");
            assertArrayEquals(new Object[] {LO, port(b)}, addr(r1[1]));
            Object[] r2 = a.recvfromInto(buf, 0, buf.length, 0);
            assertEquals("second", str(buf, (Integer) r2[0]));
        }
    }

    @Test
    void shortBufferTruncatesTheDatagram() throws Exception {
        try (PySocket a = boundUdp(); PySocket b = boundUdp()) {
            sendto(b, "0123456789", LO, port(a));
            sendto(b, "next", LO, port(a));
            byte[] buf = new byte[64];
            assertEquals(4, a.recvInto(buf, 0, 4, 0));
            assertEquals("0123", str(buf, 4));
            int n = a.recvInto(buf, 0, buf.length, 0);
            assertEquals("next", str(buf, n), "the rest of a truncated datagram is discarded");
        }
    }

    @Test
    void emptyDatagram() throws Exception {
        try (PySocket a = boundUdp(); PySocket b = boundUdp()) {
            assertEquals(0, b.sendto(new byte[0], 0, 0, 0, LO, port(a)));
            Object[] r = a.recvfromInto(new byte[8], 0, 8, 0);
            assertEquals(0, r[0]);
            assertArrayEquals(new Object[] {LO, port(b)}, addr(r[1]));
        }
    }

    @Test
    void bindingTheSameUdpPortTwiceIsEaddrinuse() throws Exception {
        try (PySocket a = boundUdp(); PySocket b = udp()) {
            assertOsError(Errno.EADDRINUSE, () -> b.bind(LO, port(a)));
        }
    }

    @Test
    void multicastMembershipOnLoopback() throws Exception {
        byte[] group = InetAddress.getByName("239.255.77.77").getAddress();
        byte[] lo = InetAddress.getByName(LO).getAddress();
        byte[] mreq = ByteBuffer.allocate(8).put(group).put(lo).array(); // struct ip_mreq, network order
        try (PySocket m = udp(); PySocket sender = udp()) {
            m.bind("", 0);
            int p = port(m);
            try {
                m.setsockoptBytes(IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq, 8);
            } catch (SocketError e) {
                // the kernel may refuse multicast here; then it must say so with a real errno
                assertTrue(Set.of(Errno.EADDRNOTAVAIL, 19 /* ENODEV */, Errno.ENOBUFS, Errno.EPERM, Errno.EINVAL)
                        .contains(e.errno()), () -> "unexpected errno " + e.errno() + ": " + e.getMessage());
                return;
            }
            // joined: a second join of the same group is EADDRINUSE, as on Linux
            assertOsError(Errno.EADDRINUSE, () -> m.setsockoptBytes(IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq, 8));
            sender.setsockoptBytes(IPPROTO_IP, IP_MULTICAST_IF, lo, 4);
            sender.setsockopt(IPPROTO_IP, IP_MULTICAST_LOOP, 1);
            assertEquals(1, sender.getsockopt(IPPROTO_IP, IP_MULTICAST_LOOP));
            sendto(sender, "to the group", "239.255.77.77", p);
            m.settimeout(5.0);
            byte[] buf = new byte[64];
            Object[] r = m.recvfromInto(buf, 0, buf.length, 0);
            assertEquals("to the group", str(buf, (Integer) r[0]));
            assertEquals(port(sender), addr(r[1])[1]);
            m.setsockoptBytes(IPPROTO_IP, IP_DROP_MEMBERSHIP, mreq, 8);
            assertOsError(Errno.EADDRNOTAVAIL, () -> m.setsockoptBytes(IPPROTO_IP, IP_DROP_MEMBERSHIP, mreq, 8));
            byte[] notMulticast = ByteBuffer.allocate(8).put(new byte[] {10, 1, 2, 3}).put(lo).array();
            assertOsError(Errno.EINVAL, () -> m.setsockoptBytes(IPPROTO_IP, IP_ADD_MEMBERSHIP, notMulticast, 8));
        }
    }
}
