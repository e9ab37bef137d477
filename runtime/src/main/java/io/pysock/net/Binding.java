package io.pysock.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * bind() beyond the channel call: what java.nio does not do as Linux does (two merely-bound TCP
 * sockets on one port), port isolation (a scenario's scripts see the ports they asked for while
 * the kernel picks free ones), and the "now serving" notice a test runner waits for.
 */
final class Binding {
    private Binding() {
    }

    /** Binds {@code s} to {@code addr}; {@code notifyServing}: a bound datagram socket now serves. */
    static void bind(PySocket s, SocketAddress addr, boolean notifyServing) throws SocketError {
        SocketCore c = s.ensureOpen();
        Transport t = c.transport();
        if (t.local() != null || t.listening()) {
            throw new SocketError(Errno.EINVAL);
        }
        s.checkPolicy(NetworkPolicy.Operation.BIND, addr);
        try {
            t.bind(addr);
        } catch (SocketError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw s.fail("bind", e);
        }
        if (addr instanceof UnixDomainSocketAddress u) {
            c.unixPath = u.getPath();
        } else if (t.claimsPort() && ((InetSocketAddress) addr).getPort() != 0 && boundElsewhere(c)) {
            // SO_REUSEADDR (set by the transport) lets two merely-bound sockets share a port; the
            // kernel would refuse the second without it. Sockets of this JVM are checked here;
            // another process's bound-only socket is not seen (see README).
            undo(s, c, Addresses.describe(addr));
        }
        s.trace("bind", Addresses.describe(t.local()));
        if (notifyServing && t.servesOnceBound()) {
            nowServing(s);
        }
    }

    /** Binds under port isolation: the kernel picks a free port; the script keeps seeing {@code port}. */
    static void bindIsolated(PySocket s, PortMap map, String host, int port) throws SocketError {
        bind(s, s.inet(host, 0, 0), false);
        SocketCore c = s.core();
        int real = ((InetSocketAddress) c.transport().local()).getPort();
        if (!map.claim(port, real, s, s.type())) {
            undo(s, c, host + ":" + port);
        }
        s.trace("bind", "port " + port + " is really " + real);
        if (c.transport().servesOnceBound()) {
            nowServing(s);
        }
    }

    /** A bind that must fail after all: the socket gets a fresh, unbound channel with the same options. */
    private static void undo(PySocket s, SocketCore c, String detail) throws SocketError {
        c.become(c::freshTransport);
        SocketError e = new SocketError(Errno.EADDRINUSE);
        s.trace("bind", detail, e);
        throw e;
    }

    private static boolean boundElsewhere(SocketCore mine) {
        if (!(mine.transport().local() instanceof InetSocketAddress m)) {
            return false;
        }
        for (PySocket other : LiveSockets.all()) {
            SocketCore oc = other.core();
            if (oc == mine || oc.isClosed() || !oc.transport().claimsPort()) {
                continue;
            }
            if (oc.transport().local() instanceof InetSocketAddress o && o.getPort() == m.getPort()
                    && (o.getAddress().equals(m.getAddress()) || o.getAddress().isAnyLocalAddress()
                        || m.getAddress().isAnyLocalAddress())) {
                return true;
            }
        }
        return false;
    }

    /** Tells the socket's run that it now serves (it listens, or a datagram socket is bound). */
    static void nowServing(PySocket s) {
        SocketModule run = s.owner();
        if (run != null) {
            run.serving();
        }
    }

    /** What the script sees of an address (its own port numbers under port isolation). */
    static SocketAddress visible(PySocket s, SocketAddress a) {
        PortMap map = portMap(s);
        return map == null ? a : map.toScript(a);
    }

    /** Where a script's address really goes. */
    static SocketAddress real(PySocket s, SocketAddress a) {
        PortMap map = portMap(s);
        return map == null ? a : map.toReal(a);
    }

    static PortMap portMap(PySocket s) {
        SocketModule run = s.owner();
        return run == null ? null : run.portMap();
    }
}
