package io.pysock.net;

import static io.pysock.net.SocketConstants.*;

import java.io.Closeable;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * What a socket and its {@code dup()}s share: the current {@link Transport} (and through it the
 * channel), the bytes kept by MSG_PEEK, the pending SO_ERROR, the selectors blocking calls wait
 * on, and the count of descriptors open on it. The channel closes with the last descriptor.
 *
 * <h2>One lock</h2>
 * This object's monitor is the socket's state lock: it guards the fields marked "state lock" and
 * every state change of the transports. Volatile fields may be read without it. Nothing that can
 * block, and no call into a {@link Poller}, runs while it is held (a poller holds its own lock
 * while it asks a socket for its readiness, so the reverse order would deadlock).
 */
final class SocketCore {
    final int family;
    final int type; // SOCK_STREAM or SOCK_DGRAM
    final SocketOptions options;

    private volatile Transport transport; // replaced under the state lock, only by become()
    private volatile boolean closed;
    private ByteBuffer peeked;            // state lock: bytes read by MSG_PEEK (or probeEof), not yet consumed
    private SocketAddress peekedFrom;     // state lock: the sender of a peeked datagram
    private Selector readSelector;        // state lock
    private Selector writeSelector;       // state lock
    private int refs = 1;                 // state lock
    volatile int soError;                 // pending error for getsockopt(SO_ERROR)
    volatile Path unixPath;               // the file bound by this socket (AF_UNIX)
    // The open file description's status flags (O_NONBLOCK, O_APPEND), shared by every descriptor
    // of this socket (dup, dup2) as Linux shares them: fcntl(F_GETFL/F_SETFL) reads and sets them,
    // settimeout() sets O_NONBLOCK as CPython's does; see Waiter for what O_NONBLOCK changes.
    private volatile int statusFlags;     // changed under the state lock

    /**
     * A new socket, after the checks Linux's socket(2) makes, with a fresh, unbound channel.
     * java.nio has TCP, UDP and AF_UNIX streams; anything else says so.
     */
    static SocketCore create(int family, int type, int proto) throws SocketError {
        if (family != AF_INET && family != AF_INET6 && family != AF_UNIX) {
            throw new SocketError(Errno.EAFNOSUPPORT);
        }
        int baseType = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (baseType != SOCK_STREAM && baseType != SOCK_DGRAM) {
            throw baseType == SOCK_RAW || baseType == SOCK_SEQPACKET || baseType == SOCK_RDM
                    ? SocketError.unsupported(Errno.ESOCKTNOSUPPORT, "java.nio has only stream and datagram sockets")
                    : new SocketError(Errno.EINVAL);
        }
        if (proto != 0 && !(baseType == SOCK_STREAM && proto == IPPROTO_TCP)
                && !(baseType == SOCK_DGRAM && proto == IPPROTO_UDP)) {
            throw new SocketError(Errno.EPROTONOSUPPORT);
        }
        if (family == AF_UNIX && baseType == SOCK_DGRAM) {
            throw SocketError.unsupported(Errno.EOPNOTSUPP, "java.nio has no AF_UNIX datagram sockets");
        }
        return new SocketCore(family, baseType);
    }

    /** A new socket of {@code type} with a fresh, unbound channel. */
    private SocketCore(int family, int type) throws SocketError {
        this(family, type, new SocketOptions(type));
        this.transport = freshTransport();
    }

    private SocketCore(int family, int type, SocketOptions options) {
        this.family = family;
        this.type = type;
        this.options = options;
    }

    /** A connection accepted on a listener: connected from the start, with the listener's options. */
    static SocketCore accepted(int family, SocketChannel ch, SocketOptions inherited) throws SocketError {
        SocketCore c = new SocketCore(family, SOCK_STREAM, inherited);
        try {
            ch.configureBlocking(false);
            inherited.applyTo(ch);
        } catch (IOException e) {
            closeQuietly(ch);
            throw SocketError.from(e);
        }
        c.transport = StreamTransport.connected(c, ch);
        return c;
    }

    Transport transport() {
        return transport;
    }

    int statusFlags() {
        return statusFlags;
    }

    synchronized void setStatusFlags(int flags) {
        statusFlags = flags & Descriptors.SETTABLE_STATUS;
    }

    boolean isNonBlockingFile() {
        return (statusFlags & Descriptors.O_NONBLOCK) != 0;
    }

    /** O_NONBLOCK on or off, the other status flags kept (CPython's internal_setblocking). */
    synchronized void setNonBlockingFile(boolean on) {
        int f = statusFlags;
        statusFlags = on ? f | Descriptors.O_NONBLOCK : f & ~Descriptors.O_NONBLOCK;
    }

    boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- channels

    /** A transport on a fresh, unbound channel (see {@link #openChannel}). */
    Transport freshTransport() throws SocketError {
        SelectableChannel ch = openChannel();
        return ch instanceof SocketChannel sc ? StreamTransport.fresh(this, sc, false)
                : new DatagramTransport(this, (DatagramChannel) ch);
    }

    /**
     * The one place a socket's channel is opened: of its kind and family, unbound, non-blocking
     * (pysock never blocks in a channel call; waits are the {@link Waiter}'s), with the options
     * the script has set so far.
     */
    SelectableChannel openChannel() throws SocketError {
        SelectableChannel ch = null;
        try {
            ch = type == SOCK_STREAM ? SocketChannel.open(protocolFamily())
                    : DatagramChannel.open(protocolFamily());
            ch.configureBlocking(false);
            options.applyTo((java.nio.channels.NetworkChannel) ch);
            return ch;
        } catch (IOException | UnsupportedOperationException e) {
            closeQuietly(ch);
            throw SocketError.from(e);
        }
    }

    ProtocolFamily protocolFamily() {
        return switch (family) {
            case AF_INET -> StandardProtocolFamily.INET;
            case AF_INET6 -> StandardProtocolFamily.INET6;
            default -> StandardProtocolFamily.UNIX;
        };
    }

    /** How the next transport is made, once the old channel is gone (it may bind the old address). */
    interface Next {
        Transport open() throws IOException, SocketError;
    }

    /**
     * Retires the current channel and installs the next transport: the one place a channel is
     * retired before the socket closes (listen, an undone bind, a failed connect). The old channel
     * is closed and every poller lets go of it first, so its port is free for the next one.
     * If the next one cannot be made, the socket keeps its retired transport: calls on it fail.
     */
    void become(Next next) throws SocketError {
        SelectableChannel old;
        synchronized (this) {
            old = transport.channel();
        }
        retire(old);
        Transport t;
        try {
            t = next.open();
        } catch (IOException | RuntimeException e) {
            throw SocketError.from(e);
        }
        synchronized (this) {
            transport = t;
        }
    }

    /** One more descriptor on this socket (dup). */
    synchronized void retain() {
        refs++;
    }

    /** A descriptor on this socket closed; the last one closes the channel. */
    void release() {
        synchronized (this) {
            if (--refs > 0) {
                return;
            }
            closed = true;
        }
        // Closing the selectors wakes a thread blocked on this socket and frees the fd at once.
        // An AF_UNIX socket file stays, as with CPython: scripts unlink it themselves.
        retire(transport.channel());
    }

    void retire(SelectableChannel ch) {
        Selector r, w;
        synchronized (this) {
            r = readSelector;
            w = writeSelector;
            readSelector = null;
            writeSelector = null;
        }
        closeQuietly(ch);
        Poller.forget(ch);
        closeQuietly(r);
        closeQuietly(w);
    }

    /**
     * The selector a blocking call waits on, with {@code ch} registered for {@code ops}: one per
     * direction, so a reader and a writer in two threads do not steal each other's wake-ups.
     */
    Selector selectorFor(SelectableChannel ch, int ops) throws IOException, SocketError {
        synchronized (this) {
            if (closed) {
                throw new SocketError(Errno.EBADF);
            }
            boolean reading = (ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0;
            Selector sel = reading ? readSelector : writeSelector;
            if (sel == null) {
                sel = Selector.open();
                if (reading) {
                    readSelector = sel;
                } else {
                    writeSelector = sel;
                }
            }
            SelectionKey key = ch.keyFor(sel);
            if (key == null) {
                ch.register(sel, ops);
            } else {
                key.interestOps(ops);
            }
            return sel;
        }
    }

    /**
     * The SOL_SOCKET options that are the socket's own state rather than the channel's, or null
     * for an option the channel holds (SocketOptions).
     */
    Integer socketLevelOption(int opt, int proto) {
        return switch (opt) {
            case SO_TYPE -> type;
            case SO_DOMAIN -> family;
            case SO_PROTOCOL -> proto != 0 ? proto : family == AF_UNIX ? 0 : type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
            case SO_ACCEPTCONN -> transport.listening() ? 1 : 0;
            case SO_ERROR -> {
                transport.settle(); // a pending connect may have ended: its error shows now
                int e = soError;
                soError = 0;
                yield e;
            }
            default -> null;
        };
    }

    // ---------------------------------------------------------------- MSG_PEEK

    /**
     * Serves bytes kept by an earlier MSG_PEEK: their count, or -1 if none are kept. A stream
     * hands them out in order; a datagram is read whole, so a non-peeking read drops the rest of
     * it, as on Linux. {@code from[0]} gets a datagram's sender.
     */
    int takePeeked(byte[] dst, int off, int len, boolean peek, boolean datagram, SocketAddress[] from) {
        if (peeked == null) {
            return -1; // the common case, without taking the lock (a stale null only means a later serve)
        }
        synchronized (this) {
            ByteBuffer p = peeked;
            if (p == null || (!datagram && !p.hasRemaining())) {
                return -1;
            }
            int n = Math.min(len, p.remaining());
            p.get(p.position(), dst, off, n);
            if (from != null) {
                from[0] = peekedFrom;
            }
            if (!peek) {
                if (datagram) {
                    peeked = null;
                    peekedFrom = null;
                } else {
                    p.position(p.position() + n);
                }
            }
            return n;
        }
    }

    /** Keeps bytes read ahead (flipped, ready to serve) for the next read. */
    synchronized void keepPeeked(ByteBuffer buf, SocketAddress from) {
        peeked = buf;
        peekedFrom = from;
    }

    /** Adds stream bytes read ahead behind those already kept (a longer MSG_PEEK). */
    synchronized void appendPeeked(byte[] more) {
        ByteBuffer p = peeked;
        int have = p == null ? 0 : p.remaining();
        ByteBuffer joined = ByteBuffer.allocate(have + more.length);
        if (p != null) {
            joined.put(p.duplicate());
        }
        joined.put(more).flip();
        peeked = joined;
    }

    synchronized boolean hasPeeked() {
        return peeked != null && peeked.hasRemaining();
    }

    // ---------------------------------------------------------------- readiness, for Poller

    /**
     * The poll() bits known without a selector: a closed socket (POLLNVAL), bytes kept by
     * MSG_PEEK, a pending SO_ERROR, and what the transport knows of its own state.
     */
    int readyNow() {
        if (closed) {
            return Poller.POLLNVAL;
        }
        Transport t = transport;
        int r = t.readyNow();
        if (hasPeeked()) {
            r |= Poller.POLLIN;
        }
        if (soError != 0) {
            r |= Poller.POLLERR;
        }
        return r;
    }

    static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing is best effort; the descriptor is gone from pysock's table already
            }
        }
    }
}
