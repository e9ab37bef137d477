package io.pysock.net;

import static io.pysock.net.NetworkPolicy.Operation.*;
import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

import org.junit.jupiter.api.Test;

/** --net / --net-allow: what each form allows, what it refuses, and the words it rejects. */
class NetworkRulesTest {
    static SocketAddress at(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port); // literals only: no lookup
    }

    static boolean allows(NetworkPolicy p, NetworkPolicy.Operation op, SocketAddress a) {
        try {
            p.check(op, a);
            return true;
        } catch (SocketError e) {
            assertEquals(Errno.EACCES, e.errno());
            assertTrue(e.getMessage().contains("; policy: " + p + ")"), e.getMessage());
            return false;
        }
    }

    @Test
    void baseModes() throws Exception {
        assertSame(NetworkPolicy.ALLOW_ALL, NetworkRules.parse(null, null), "no option: as python3");
        assertSame(NetworkPolicy.ALLOW_ALL, NetworkRules.parse("all", ""));
        NetworkPolicy lo = NetworkRules.parse("loopback", null);
        assertTrue(allows(lo, CONNECT, at("127.0.0.5", 80)));
        assertTrue(allows(lo, CONNECT, at("::1", 80)));
        assertTrue(allows(lo, BIND, at("0.0.0.0", 8080)), "servers bind the wildcard");
        assertFalse(allows(lo, CONNECT, at("0.0.0.0", 8080)));
        assertFalse(allows(lo, SEND, at("10.0.0.1", 53)));
        assertFalse(allows(lo, CONNECT, UnixDomainSocketAddress.of("/var/run/docker.sock")));
        NetworkPolicy none = NetworkRules.parse("none", null);
        assertFalse(allows(none, BIND, at("127.0.0.1", 0)));
        assertEquals("--net none", none.toString());
    }

    @Test
    void allowListAddressesRangesPortsAndPaths() throws Exception {
        NetworkPolicy p = NetworkRules.parse(null, "127.0.0.1:8080, 10.0.0.0/8:443,192.168.1.7,[fd00::]/8:*,[::1]:53,/run/app.sock,/srv/socks/");
        assertEquals("--net none --net-allow 127.0.0.1:8080,10.0.0.0/8:443,192.168.1.7,[fd00::]/8:*,[::1]:53,/run/app.sock,/srv/socks/",
                p.toString(), "a list alone starts from none");
        assertTrue(allows(p, CONNECT, at("127.0.0.1", 8080)));
        assertTrue(allows(p, BIND, at("127.0.0.1", 8080)));
        assertFalse(allows(p, CONNECT, at("127.0.0.1", 8081)));
        assertTrue(allows(p, CONNECT, at("10.200.3.4", 443)));
        assertFalse(allows(p, CONNECT, at("11.0.0.1", 443)));
        assertFalse(allows(p, CONNECT, at("10.0.0.1", 80)));
        assertTrue(allows(p, SEND, at("192.168.1.7", 9999)), "no port: every port");
        assertTrue(allows(p, CONNECT, at("fd12:3456::1", 22)));
        assertFalse(allows(p, CONNECT, at("fe80::1", 22)));
        assertTrue(allows(p, SEND, at("::1", 53)));
        assertFalse(allows(p, SEND, at("127.0.0.1", 53)), "IPv4 is not ::1");
        assertTrue(allows(p, CONNECT, UnixDomainSocketAddress.of("/run/app.sock")));
        assertFalse(allows(p, CONNECT, UnixDomainSocketAddress.of("/run/app.sock2")));
        assertTrue(allows(p, BIND, UnixDomainSocketAddress.of("/srv/socks/a.sock")));
        assertFalse(allows(p, CONNECT, UnixDomainSocketAddress.of("/srv/socks/../../var/run/docker.sock")), "no way out by ..");
        assertFalse(allows(p, CONNECT, UnixDomainSocketAddress.of("/srv/socks/sub/a.sock")), "the folder, not below it");
        NetworkPolicy cidr = NetworkRules.parse("none", "172.16.0.0/12");
        assertTrue(allows(cidr, CONNECT, at("172.31.255.255", 1)));
        assertFalse(allows(cidr, CONNECT, at("172.32.0.0", 1)));
    }

    @Test
    void withoutTheNetworkNamesComeFromTheHostsFile() throws Exception {
        NetworkPolicy lo = NetworkPolicy.loopbackOnly();
        assertTrue(lo.lookup("localhost").stream().allMatch(InetAddress::isLoopbackAddress));
        assertFalse(lo.reverse(InetAddress.getByName("127.0.0.1")).isEmpty(), "127.0.0.1 has a hosts entry");
        SocketError e = assertThrows(SocketError.PermissionDenied.class, () -> lo.lookup("example.invalid"));
        assertTrue(e.getMessage().endsWith("refuses lookup of example.invalid: names come from /etc/hosts only;"
                + " policy: NetworkPolicy.loopbackOnly())"), e.getMessage());
        e = assertThrows(SocketError.PermissionDenied.class, () -> lo.reverse(InetAddress.getByName("192.0.2.1")));
        assertTrue(e.getMessage().contains("refuses reverse lookup of 192.0.2.1"), e.getMessage());
    }

    @Test
    void badWordsAreNamed() {
        for (String[] bad : new String[][] {{"some", null}, {null, "10.0.0.0/33"}, {null, "1.2.3.4:70000"},
                {null, "[::1"}, {null, "host name"}, {null, "1.2.3.4:http"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkRules.parse(bad[0], bad[1]));
            assertTrue(e.getMessage().startsWith(bad[0] != null ? "--net must be" : "--net-allow " + bad[1].trim()), e.getMessage());
        }
    }
}
