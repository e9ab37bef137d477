package io.pysock.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A socket's channel and what one kind of socket does with it: {@link StreamTransport} (TCP and
 * AF_UNIX streams before listen), {@link ListenerTransport} (after listen: java.nio has no
 * channel that can be both), {@link DatagramTransport} (UDP). The {@link PySocket} front calls
 * the transport its {@link SocketCore} holds now; a transport is replaced, never changed into
 * another kind.
 *
 * <p>An operation a kind does not support answers as Linux answers that socket: the defaults
 * below (recv on a listener is ENOTCONN, send is EPIPE, connect is EINVAL, ...).
 * Every wait goes through the call's {@link Waiter}.
 */
abstract sealed class Transport permits StreamTransport, ListenerTransport, DatagramTransport {
    final SocketCore core;

    Transport(SocketCore core) {
        this.core = core;
    }

    abstract SelectableChannel channel();

    final NetworkChannel network() {
        return (NetworkChannel) channel();
    }

    /** The bound address, or null while unbound. */
    SocketAddress local() {
        try {
            return network().getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** The peer, or null when not connected. */
    SocketAddress remote() {
        return null;
    }

    /** bind(): only an unbound socket binds (EINVAL otherwise, as Linux says). */
    void bind(SocketAddress addr) throws IOException {
        if (local() != null) {
            throw new SocketError(Errno.EINVAL);
        }
        network().bind(addr);
    }

    /** Whether a bound socket of this kind is already serving (a datagram socket receives once bound). */
    boolean servesOnceBound() {
        return false;
    }

    /** Whether this kind's bound ports are exclusive between sockets that did not ask to share (TCP). */
    boolean claimsPort() {
        return false;
    }

    boolean listening() {
        return false;
    }

    /** listen(): true if the socket starts listening now, false if it already was. */
    boolean listen(Waiter w, int backlog) throws SocketError {
        throw new SocketError(Errno.EOPNOTSUPP);
    }

    SocketChannel accept(Waiter w) throws SocketError {
        throw new SocketError(Errno.EINVAL);
    }

    void connect(Waiter w, SocketAddress to) throws SocketError {
        throw new SocketError(Errno.EINVAL);
    }

    /**
     * Reads up to {@code len} bytes (0 at end of stream); {@code from[0]}, when asked for, gets
     * a datagram's sender.
     */
    int read(Waiter w, byte[] dst, int off, int len, int flags, SocketAddress[] from) throws SocketError {
        throw new SocketError(Errno.ENOTCONN);
    }

    /** Writes {@code src} (all of it if {@code all}); {@code to} is a datagram's destination, or null. */
    int write(Waiter w, ByteBuffer src, int flags, boolean all, SocketAddress to) throws SocketError {
        throw SocketError.of(Errno.EPIPE);
    }

    /** shutdown(how); {@code how} is already checked to be SHUT_RD, SHUT_WR or SHUT_RDWR. */
    void shutdown(int how) throws IOException {
        throw new SocketError(Errno.ENOTCONN);
    }

    /** Brings the state up to date before SO_ERROR is read (a pending connect may have ended). */
    void settle() {
    }

    // ---------------------------------------------------------------- readiness, for Poller

    /** poll() bits this transport knows without a selector (its own shutdowns, an unconnected stream). */
    int readyNow() {
        return 0;
    }

    /** The java.nio interest set that answers {@code events} (POLLIN/POLLOUT) now. */
    abstract int interestOps(int events);

    /** poll() bits for the java.nio ready set of this transport's channel. */
    int readyFrom(int readyOps, int events) {
        int r = 0;
        if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            r |= Poller.POLLIN;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            r |= Poller.POLLOUT;
        }
        return r;
    }

    static boolean wantsIn(int events) {
        return (events & (Poller.POLLIN | Poller.POLLRDNORM)) != 0;
    }

    static boolean wantsOut(int events) {
        return (events & (Poller.POLLOUT | Poller.POLLWRNORM)) != 0;
    }
}
