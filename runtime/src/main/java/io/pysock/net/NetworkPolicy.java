package io.pysock.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * Which addresses a script's sockets may bind, connect or send to: checked by the socket core
 * (one choke point, after name resolution) for every socket a script run owns. A refusal is
 * {@link SocketError.PermissionDenied} with EACCES, so Python sees {@code PermissionError}.
 * Sockets that Java code made itself are not checked: Java has the network anyway.
 *
 * <pre>{@code
 * try (PysockRunner runner = PysockRunner.builder().network(NetworkPolicy.loopbackOnly()).build()) {
 *     runner.run(Script.file(Path.of("client.py")));   // connect(("10.0.0.1", 80)) -> PermissionError
 * }
 * }</pre>
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

    /** Everything allowed: the default. */
    NetworkPolicy ALLOW_ALL = (op, address) -> {
    };

    /** No binding, connecting or sending at all. */
    static NetworkPolicy denyAll() {
        return (op, address) -> {
            throw deny(op, address);
        };
    }

    /**
     * Loopback only: connect and send to 127.0.0.0/8, ::1 and AF_UNIX paths; bind to those or
     * to the wildcard address ({@code bind(('', port))}, common in servers; note that the
     * kernel then accepts clients from outside too).
     */
    static NetworkPolicy loopbackOnly() {
        return (op, address) -> {
            if (address instanceof UnixDomainSocketAddress) {
                return;
            }
            if (address instanceof InetSocketAddress isa) {
                InetAddress a = isa.getAddress();
                if (a != null && (a.isLoopbackAddress() || (op == Operation.BIND && a.isAnyLocalAddress()))) {
                    return;
                }
            }
            throw deny(op, address);
        };
    }

    /** The refusal: EACCES naming the policy, the operation and the address. */
    static SocketError deny(Operation op, SocketAddress address) {
        return new SocketError.PermissionDenied(Errno.EACCES, Errno.strerror(Errno.EACCES)
                + " (pysock: network policy refuses " + op.name().toLowerCase(java.util.Locale.ROOT) + " to "
                + Addresses.describe(address) + ")");
    }
}
