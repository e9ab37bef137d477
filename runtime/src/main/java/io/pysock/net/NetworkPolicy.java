package io.pysock.net;

import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * Which addresses a script's sockets may bind, connect or send to, and which names it may look
 * up: checked by the socket core (one choke point, after name resolution) for every socket a
 * script run makes, for as long as the socket lives: a socket the script hands to Java
 * ({@code java.export}, {@link io.pysock.embed.Endpoints}) keeps its run's policy. A refusal is
 * {@link SocketError.PermissionDenied} with EACCES naming the policy, so Python sees
 * {@code PermissionError}. Sockets that Java code made itself are not checked: Java has the
 * network anyway.
 *
 * <p>Names: {@link #lookup} answers every name a script asks for (getaddrinfo, gethostbyname,
 * connect(("name", port)), ...). The default asks pysock's {@link Resolver} (hosts file, then
 * DNS); {@link #denyAll()} and {@link #loopbackOnly()} answer from {@code /etc/hosts} only and
 * refuse every other name, so no query leaves the machine under them.
 *
 * <pre>{@code
 * try (PysockRunner runner = PysockRunner.builder().network(NetworkPolicy.loopbackOnly()).build()) {
 *     runner.run(Script.file(Path.of("client.py")));   // connect(("10.0.0.1", 80)) -> PermissionError
 * }
 * }</pre>
 * {@link NetworkRules} builds a policy from the command line's {@code --net}/{@code --net-allow}.
 */
@FunctionalInterface
public interface NetworkPolicy {
    /** What a socket is about to do with an address. */
    enum Operation {
        /** {@code bind()}, or {@code listen()} on an unbound socket (the wildcard address). */
        BIND,
        /** {@code connect()} / {@code connect_ex()}. */
        CONNECT,
        /** {@code sendto()} on a datagram socket. */
        SEND
    }

    /** Returns normally to allow; throws (usually {@link #deny}) to refuse. */
    void check(Operation op, SocketAddress address) throws SocketError;

    /**
     * The addresses of a name a script looks up (never a literal: literals are parsed before).
     * The default asks pysock's {@link Resolver}; a policy that forbids the network should not.
     */
    default List<InetAddress> lookup(String host) throws SocketError {
        return SocketModule.resolver().lookup(host);
    }

    /**
     * The name of an address a script asks for (gethostbyaddr, getnameinfo, getfqdn): a reverse
     * query carries the address out as a name lookup does. The default asks pysock's {@link Resolver}.
     */
    default String reverse(InetAddress address) throws SocketError {
        return SocketModule.resolver().reverse(address);
    }

    /** Everything allowed: the default. */
    NetworkPolicy ALLOW_ALL = (op, address) -> {
    };

    /** No binding, connecting or sending at all, AF_UNIX included; names from /etc/hosts only. */
    static NetworkPolicy denyAll() {
        return NetworkRules.NONE;
    }

    /**
     * Loopback only: connect and send to 127.0.0.0/8 and ::1; bind to those or to the wildcard
     * address ({@code bind(('', port))}, common in servers; note that the kernel then accepts
     * clients from outside too). No AF_UNIX path (a host's control sockets are paths: allow the
     * ones you mean with {@link NetworkRules}); names from /etc/hosts only.
     */
    static NetworkPolicy loopbackOnly() {
        return NetworkRules.LOOPBACK;
    }

    /** The refusal: EACCES naming the operation and the address. */
    static SocketError deny(Operation op, SocketAddress address) {
        return deny(op, address, null);
    }

    /** The refusal: EACCES naming the operation, the address and the policy that refuses it. */
    static SocketError deny(Operation op, SocketAddress address, String policy) {
        return new SocketError.PermissionDenied(Errno.EACCES, Errno.strerror(Errno.EACCES)
                + " (pysock: network policy refuses " + op.name().toLowerCase(java.util.Locale.ROOT) + " to "
                + Addresses.describe(address) + (policy == null ? "" : "; policy: " + policy) + ")");
    }
}
