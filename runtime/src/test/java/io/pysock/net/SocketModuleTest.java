package io.pysock.net;

import static io.pysock.net.NetTestSupport.*;
import static io.pysock.net.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Module functions. Name lookups go through a fixed-map Resolver: no query ever leaves the machine.
 */
@Timeout(30)
class SocketModuleTest {
    private final SocketModule mod = new SocketModule();
    private Resolver saved;
    private Double savedDefault;

    /** Knows two names; every other name is EAI_NONAME without asking anyone. */
    private static final class FixedResolver implements Resolver {
        final Map<String, List<InetAddress>> names;

        FixedResolver() throws UnknownHostException {
            names = Map.of(
                    "pysock-test.local", List.of(InetAddress.getByAddress("pysock-test.local", new byte[] {127, 0, 0, 1})),
                    "dual.local", List.of(
                            InetAddress.getByAddress("dual.local", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}),
                            InetAddress.getByAddress("dual.local", new byte[] {127, 0, 0, 2})));
        }

        @Override
        public List<InetAddress> lookup(String host) throws SocketError.AddressLookup {
            List<InetAddress> a = names.get(host);
            if (a == null) {
                throw new SocketError.AddressLookup(Errno.EAI_NONAME);
            }
            return a;
        }

        @Override
        public String reverse(InetAddress address) throws SocketError.HostLookup {
            for (Map.Entry<String, List<InetAddress>> e : names.entrySet()) {
                if (e.getValue().contains(address)) {
                    return e.getKey();
                }
            }
            throw new SocketError.HostLookup("Unknown host");
        }
    }

    @BeforeEach
    void installResolver() throws Exception {
        saved = SocketModule.resolver();
        savedDefault = mod.getdefaulttimeout();
        SocketModule.setResolver(new FixedResolver());
    }

    @AfterEach
    void restore() {
        SocketModule.setResolver(saved);
        mod.setdefaulttimeout(savedDefault);
    }

    private static Object[] row(Object r) {
        assertInstanceOf(Object[].class, r);
        return (Object[]) r;
    }

    @Test
    void getaddrinfoForALiteral() throws Exception {
        Object[] rows = mod.getaddrinfo("127.0.0.1", 80, AF_UNSPEC, 0, 0, 0);
        // CPython on Linux: one row each for SOCK_STREAM/6, SOCK_DGRAM/17, SOCK_RAW/0
        assertEquals(3, rows.length);
        int[][] want = {{SOCK_STREAM, IPPROTO_TCP}, {SOCK_DGRAM, IPPROTO_UDP}, {SOCK_RAW, 0}};
        for (int i = 0; i < 3; i++) {
            Object[] r = row(rows[i]);
            assertEquals(AF_INET, r[0]);
            assertEquals(want[i][0], r[1]);
            assertEquals(want[i][1], r[2]);
            assertEquals("", r[3]);
            assertArrayEquals(new Object[] {"127.0.0.1", 80}, addr(r[4]));
        }
        Object[] one = mod.getaddrinfo("127.0.0.1", 80, AF_INET, SOCK_STREAM, 0, 0);
        assertEquals(1, one.length);
        assertArrayEquals(new Object[] {AF_INET, SOCK_STREAM, IPPROTO_TCP, ""}, java.util.Arrays.copyOf(row(one[0]), 4));
        Object[] v6 = mod.getaddrinfo("::1", 443, AF_INET6, SOCK_STREAM, 0, 0);
        assertEquals(1, v6.length);
        assertArrayEquals(new Object[] {"::1", 443, 0, 0}, addr(row(v6[0])[4]));
        // AF_INET6 only, for an IPv4 literal: no address of that family
        SocketError e = assertThrows(SocketError.AddressLookup.class,
                () -> mod.getaddrinfo("127.0.0.1", 80, AF_INET6, SOCK_STREAM, 0, 0));
        assertEquals("gai", e.kind());
        assertEquals(Errno.EAI_ADDRFAMILY, e.errno());
    }

    @Test
    void getaddrinfoWithoutHost() throws Exception {
        Object[] passive = mod.getaddrinfo(null, 8080, AF_INET, SOCK_STREAM, 0, AI_PASSIVE);
        assertEquals(1, passive.length);
        assertArrayEquals(new Object[] {"0.0.0.0", 8080}, addr(row(passive[0])[4]));
        Object[] local = mod.getaddrinfo(null, 8080, AF_INET, SOCK_STREAM, 0, 0);
        assertArrayEquals(new Object[] {"127.0.0.1", 8080}, addr(row(local[0])[4]));
    }

    @Test
    void getaddrinfoThroughTheResolver() throws Exception {
        Object[] rows = mod.getaddrinfo("pysock-test.local", 7, AF_INET, SOCK_STREAM, 0, AI_CANONNAME);
        assertEquals(1, rows.length);
        assertEquals("pysock-test.local", row(rows[0])[3], "AI_CANONNAME fills the first row");
        assertArrayEquals(new Object[] {"127.0.0.1", 7}, addr(row(rows[0])[4]));
        Object[] dual = mod.getaddrinfo("dual.local", 7, AF_UNSPEC, SOCK_STREAM, 0, 0);
        assertEquals(2, dual.length);
        assertEquals(AF_INET6, row(dual[0])[0]);
        assertArrayEquals(new Object[] {"::1", 7, 0, 0}, addr(row(dual[0])[4]));
        assertArrayEquals(new Object[] {"127.0.0.2", 7}, addr(row(dual[1])[4]));
        // AI_NUMERICHOST never asks the resolver
        SocketError e = assertThrows(SocketError.AddressLookup.class,
                () -> mod.getaddrinfo("pysock-test.local", 7, AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST));
        assertEquals(Errno.EAI_NONAME, e.errno());
    }

    @Test
    void gethostbyname() throws Exception {
        assertEquals("127.0.0.1", mod.gethostbyname("127.0.0.1"));
        assertEquals("127.0.0.1", mod.gethostbyname("pysock-test.local"));
        assertEquals("127.0.0.2", mod.gethostbyname("dual.local"), "gethostbyname gives the IPv4 address");
        Object[] ex = mod.gethostbynameEx("dual.local");
        assertEquals("dual.local", ex[0]);
        assertArrayEquals(new Object[] {"127.0.0.2"}, (Object[]) ex[2]);
    }

    @Test
    void unknownNameIsEaiNoname() throws Exception {
        SocketError e = assertThrows(SocketError.AddressLookup.class, () -> mod.gethostbyname("no-such-host.invalid"));
        assertEquals(-2, e.errno());
        assertEquals(Errno.EAI_NONAME, e.errno());
        assertEquals("gai", e.kind());
        assertEquals("Name or service not known", e.strerror());
        SocketError g = assertThrows(SocketError.AddressLookup.class,
                () -> mod.getaddrinfo("no-such-host.invalid", 80, AF_UNSPEC, SOCK_STREAM, 0, 0));
        assertEquals(-2, g.errno());
        // connect() and connect_ex() both raise gaierror for a name that does not resolve
        try (PySocket s = PySocket.open(AF_INET, SOCK_STREAM)) {
            SocketError c = assertThrows(SocketError.AddressLookup.class, () -> s.connect("no-such-host.invalid", 80));
            assertEquals(-2, c.errno());
            SocketError cx = assertThrows(SocketError.AddressLookup.class, () -> s.connectEx("no-such-host.invalid", 80));
            assertEquals(-2, cx.errno());
            SocketError b = assertThrows(SocketError.AddressLookup.class, () -> s.bind("no-such-host.invalid", 0));
            assertEquals(-2, b.errno());
        }
    }

    @Test
    void connectByNameUsesTheResolver() throws Exception {
        try (PySocket l = listener(); PySocket c = PySocket.open(AF_INET, SOCK_STREAM)) {
            c.settimeout(5.0);
            c.connect("pysock-test.local", port(l));
            assertArrayEquals(new Object[] {"127.0.0.1", port(l)}, addr(c.getpeername()));
        }
    }

    @Test
    void reverseLookupAndNameinfo() throws Exception {
        Object[] h = mod.gethostbyaddr("127.0.0.1");
        assertEquals("pysock-test.local", h[0]);
        assertEquals("127.0.0.3", mod.nameOf("127.0.0.3", false, false), "no name: the numeric form");
        SocketError e = assertThrows(SocketError.AddressLookup.class, () -> mod.nameOf("127.0.0.3", false, true));
        assertEquals(Errno.EAI_NONAME, e.errno());
        SocketError he = assertThrows(SocketError.HostLookup.class, () -> mod.gethostbyaddr("127.0.0.3"));
        assertEquals("herror", he.kind());
    }

    @Test
    void gethostnameIsTheKernelName() throws Exception {
        String kernel = Files.readAllLines(Path.of("/proc/sys/kernel/hostname")).get(0).trim();
        assertEquals(kernel, mod.gethostname());
    }

    @Test
    void socketpairUnixRoundTrip() throws Exception {
        PySocket[] pair = mod.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PySocket a = pair[0]; PySocket b = pair[1]) {
            a.settimeout(5.0);
            b.settimeout(5.0);
            assertEquals(AF_UNIX, a.family());
            assertEquals(AF_UNIX, b.family());
            send(a, "unix a->b");
            assertEquals("unix a->b", recvExactly(b, 9));
            send(b, "b->a");
            assertEquals("b->a", recvExactly(a, 4));
            a.close();
            assertEquals(0, b.recvInto(new byte[4], 0, 4, 0), "EOF when the other end closes");
        }
    }

    @Test
    void socketpairInetRoundTrip() throws Exception {
        PySocket[] pair = mod.socketpair(AF_INET, SOCK_STREAM, 0);
        try (PySocket a = pair[0]; PySocket b = pair[1]) {
            a.settimeout(5.0);
            b.settimeout(5.0);
            assertEquals(AF_INET, a.family());
            assertArrayEquals(addr(a.getsockname()), addr(b.getpeername()));
            assertArrayEquals(addr(b.getsockname()), addr(a.getpeername()));
            assertEquals("127.0.0.1", addr(a.getpeername())[0]);
            send(a, "inet a->b");
            assertEquals("inet a->b", recvExactly(b, 9));
            send(b, "b->a");
            assertEquals("b->a", recvExactly(a, 4));
        }
        SocketError e = assertThrows(SocketError.class, () -> mod.socketpair(AF_INET, SOCK_DGRAM, 0));
        assertEquals(Errno.EOPNOTSUPP, e.errno());
    }

    @Test
    void setdefaulttimeoutAffectsNewSocketsOfThisModuleOnly() throws Exception {
        assertNull(mod.getdefaulttimeout());
        mod.setdefaulttimeout(0.25);
        assertEquals(0.25, mod.getdefaulttimeout(), 1e-9);
        assertNull(new SocketModule().getdefaulttimeout(), "another run keeps its own default");
        try (PySocket viaModule = mod.socket(AF_INET, SOCK_DGRAM, 0); PySocket java = PySocket.open(AF_INET, SOCK_STREAM)) {
            assertEquals(0.25, viaModule.gettimeout(), 1e-9);
            assertNull(java.gettimeout(), "Java callers' sockets keep their own default");
            try (PySocket l = mod.socket(AF_INET, SOCK_STREAM, 0)) {
                l.bind("127.0.0.1", 0);
                l.listen(1);
                long t0 = System.nanoTime();
                assertThrows(SocketError.Timeout.class, l::accept, "the default timeout applies to accept");
                double took = (System.nanoTime() - t0) / 1e9;
                assertTrue(took >= 0.2 && took < 5.0, "took " + took);
            }
        }
        mod.setdefaulttimeout(null);
        try (PySocket s = mod.socket(AF_INET, SOCK_STREAM, 0)) {
            assertNull(s.gettimeout());
        }
        mod.setdefaulttimeout(0.0);
        try (PySocket s = mod.socket(AF_INET, SOCK_STREAM, 0)) {
            assertFalse(s.getblocking());
        }
    }

    @Test
    void javaCallersHaveAStaticDefaultTimeout() throws Exception {
        try {
            PySocket.setDefaultTimeout(java.time.Duration.ofMillis(300));
            try (PySocket s = PySocket.open(AF_INET, SOCK_STREAM); PySocket viaModule = mod.socket(AF_INET, SOCK_STREAM, 0)) {
                assertEquals(0.3, s.gettimeout(), 1e-9);
                assertNull(viaModule.gettimeout(), "a run's sockets take the run's default");
            }
        } finally {
            PySocket.setDefaultTimeout(null);
        }
        assertNull(PySocket.defaultTimeout());
    }

    @Test
    void fdFunctions() throws Exception {
        try (PySocket s = mod.socket(AF_INET, SOCK_STREAM, 0)) {
            assertSame(s, mod.fromFd(s.fileno()));
            int d = mod.dupFd(s.fileno());
            PySocket dup = mod.fromFd(d);
            assertNotSame(s, dup);
            mod.closeFd(d);
            assertEquals(-1, dup.fileno());
            assertEquals(Errno.EBADF, assertThrows(SocketError.class, () -> mod.fromFd(d)).errno());
            assertTrue(s.fileno() >= 3, "the original stays open");
        }
    }

    @Test
    void constantsHaveLinuxValues() {
        Map<String, Integer> c = mod.constants();
        assertEquals(2, c.get("AF_INET"));
        assertEquals(10, c.get("AF_INET6"));
        assertEquals(1, c.get("AF_UNIX"));
        assertEquals(2, c.get("SOCK_DGRAM"));
        assertEquals(2, c.get("SO_REUSEADDR"));
        assertEquals(30, c.get("SO_ACCEPTCONN"));
        assertEquals(64, c.get("MSG_DONTWAIT"));
        assertEquals(-2, c.get("EAI_NONAME"));
    }
}
