package io.pysock.embed;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

import org.graalvm.polyglot.HostAccess;

import io.pysock.net.PySocket;

/**
 * Named sockets and addresses shared between Java and the scripts of one {@link PysockRunner}:
 * the only Java things a script can reach (through {@code from pysock import java}), so scripts
 * need no host access. Java registers an endpoint, Python looks it up by name; Python exports a
 * socket or address, Java picks it up.
 *
 * <pre>{@code
 * runner.endpoints().put("backend", new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
 * runner.endpoints().put("conn", acceptedSocket);
 * // Python: host, port = java.address("backend"); s = java.socket("conn"); java.export("reply", s2)
 * PySocket fromPython = runner.endpoints().awaitSocket("reply", Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>Sockets registered here are Java's: a script's end or garbage collection leaves them open,
 * and they are closed when the runner closes (or by either side's explicit {@code close()}).
 */
public final class Endpoints {
    private final Map<String, Object> entries = new java.util.HashMap<>();
    private final Bridge bridge = new Bridge(this);

    Endpoints() {
    }

    /** Registers a socket under {@code name} (replacing what was there); it becomes Java's (see {@link PySocket#detachFromScript}). */
    public Endpoints put(String name, PySocket socket) {
        socket.detachFromScript();
        return store(name, socket);
    }

    /** Registers an address ({@link InetSocketAddress} or {@link UnixDomainSocketAddress}) under {@code name}. */
    public Endpoints put(String name, SocketAddress address) {
        if (!(address instanceof InetSocketAddress) && !(address instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("an InetSocketAddress or a UnixDomainSocketAddress, not " + address);
        }
        return store(name, address);
    }

    private synchronized Endpoints store(String name, Object value) {
        entries.put(java.util.Objects.requireNonNull(name), value);
        notifyAll();
        return this;
    }

    /** The socket registered as {@code name}, if any. */
    public synchronized Optional<PySocket> socket(String name) {
        return entries.get(name) instanceof PySocket s ? Optional.of(s) : Optional.empty();
    }

    /** The address registered as {@code name}, if any. */
    public synchronized Optional<SocketAddress> address(String name) {
        return entries.get(name) instanceof SocketAddress a ? Optional.of(a) : Optional.empty();
    }

    /** Waits (at most {@code limit}) until a socket is registered as {@code name}, e.g. by a script's {@code java.export}. */
    public PySocket awaitSocket(String name, Duration limit) throws TimeoutException, InterruptedException {
        return (PySocket) await(name, PySocket.class, limit);
    }

    /** Waits (at most {@code limit}) until an address is registered as {@code name}. */
    public SocketAddress awaitAddress(String name, Duration limit) throws TimeoutException, InterruptedException {
        return (SocketAddress) await(name, SocketAddress.class, limit);
    }

    private synchronized Object await(String name, Class<?> type, Duration limit)
            throws TimeoutException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!type.isInstance(entries.get(name))) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no " + type.getSimpleName() + " endpoint '" + name + "' within " + limit);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return entries.get(name);
    }

    /** Removes {@code name}; returns what it held (a socket removed is not closed). */
    public synchronized Optional<Object> remove(String name) {
        return Optional.ofNullable(entries.remove(name));
    }

    /** Every registered name. */
    public synchronized Set<String> names() {
        return new TreeSet<>(entries.keySet());
    }

    /** Closes every registered socket and forgets all endpoints (the runner is closing). */
    synchronized void closeAll() {
        for (Object o : entries.values()) {
            if (o instanceof PySocket s) {
                s.close();
            }
        }
        entries.clear();
    }

    Bridge bridge() {
        return bridge;
    }

    /**
     * What Python's {@code pysock.java} module calls; not meant for Java callers (use the
     * {@link Endpoints} methods). Lookups of a missing name return null (Python raises KeyError).
     */
    public static final class Bridge {
        private final Endpoints endpoints;

        private Bridge(Endpoints endpoints) {
            this.endpoints = endpoints;
        }

        @HostAccess.Export
        public PySocket socket(String name) {
            return endpoints.socket(name).orElse(null);
        }

        /** The address in Python's form: [host, port], [host, port, 0, scope] for IPv6, or a path. */
        @HostAccess.Export
        public Object address(String name) {
            SocketAddress a = endpoints.address(name).orElse(null);
            if (a instanceof UnixDomainSocketAddress u) {
                return u.getPath().toString();
            }
            if (a instanceof InetSocketAddress i) {
                if (i.isUnresolved()) {
                    return new Object[] {i.getHostString(), i.getPort()};
                }
                InetAddress ip = i.getAddress();
                String host = ip.getHostAddress();
                int pct = host.indexOf('%');
                if (ip instanceof java.net.Inet6Address a6) {
                    return new Object[] {pct >= 0 ? host.substring(0, pct) : host, i.getPort(), 0, a6.getScopeId()};
                }
                return new Object[] {host, i.getPort()};
            }
            return null;
        }

        @HostAccess.Export
        public void exportSocket(String name, PySocket socket) {
            endpoints.put(name, socket);
        }

        @HostAccess.Export
        public void exportAddress(String name, String host, int port) {
            endpoints.put(name, inet(host, port));
        }

        @HostAccess.Export
        public void exportPath(String name, String path) {
            endpoints.put(name, UnixDomainSocketAddress.of(path));
        }

        @HostAccess.Export
        public String[] names() {
            return endpoints.names().toArray(new String[0]);
        }

        /** A literal becomes a resolved address without a lookup; a name stays unresolved (never a DNS query here). */
        private static InetSocketAddress inet(String host, int port) {
            boolean literal = host.indexOf(':') >= 0 || (!host.isEmpty() && host.chars().allMatch(c -> c == '.' || Character.isDigit(c)));
            if (literal) {
                try {
                    return new InetSocketAddress(InetAddress.getByName(host), port);
                } catch (java.net.UnknownHostException e) {
                    // not a valid literal after all: keep it as text
                }
            }
            return InetSocketAddress.createUnresolved(host, port);
        }
    }
}
