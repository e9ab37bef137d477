package io.pysock.net;

import static io.pysock.net.SocketConstants.*;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A stream socket that is not listening: TCP or AF_UNIX, from socket() through connect to end of
 * stream. Holds the connect state machine and the reads and writes of a connection.
 *
 * <h2>The connect state machine</h2>
 * FRESH or BOUND, then CONNECTING (a non-blocking connect is pending) and CONNECTED. The JDK
 * closes a channel whose connect failed, but a Python socket stays usable after a refused
 * connect, so a failure marks this transport FAILED and the socket {@link SocketCore#become
 * becomes} a fresh one (bound again to the same address if it was bound), whose readiness says the
 * connect failed. listen() replaces the transport with a {@link ListenerTransport}.
 */
final class StreamTransport extends Transport {
    private enum State { FRESH, BOUND, CONNECTING, CONNECTED, FAILED }

    private final SocketChannel ch;
    private final boolean afterFailedConnect; // Linux then polls readable too
    private volatile State state;             // changed under the state lock
    private volatile boolean eofSeen;         // a read returned end of stream
    private volatile boolean inputShut;       // shutdown(SHUT_RD) by us
    private volatile boolean outputShut;      // shutdown(SHUT_WR) by us

    private StreamTransport(SocketCore core, SocketChannel ch, State state, boolean afterFailedConnect) {
        super(core);
        this.ch = ch;
        this.state = state;
        this.afterFailedConnect = afterFailedConnect;
    }

    static StreamTransport fresh(SocketCore core, SocketChannel ch, boolean afterFailedConnect) {
        return new StreamTransport(core, ch, State.FRESH, afterFailedConnect);
    }

    static StreamTransport connected(SocketCore core, SocketChannel ch) {
        return new StreamTransport(core, ch, State.CONNECTED, false);
    }

    @Override
    SelectableChannel channel() {
        return ch;
    }

    @Override
    SocketAddress remote() {
        try {
            return state == State.CONNECTED ? ch.getRemoteAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    void bind(SocketAddress addr) throws IOException {
        synchronized (core) {
            if (state != State.FRESH || local() != null) {
                throw new SocketError(Errno.EINVAL);
            }
            if (!(addr instanceof UnixDomainSocketAddress)) {
                // Like the JDK's own server sockets: a restarted server gets its port back despite
                // TIME_WAIT leftovers; a port someone listens on still fails with EADDRINUSE (and
                // Binding refuses a second merely-bound socket). getsockopt(SO_REUSEADDR) keeps
                // showing the script's own setting.
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            ch.bind(addr);
            state = State.BOUND;
        }
    }

    @Override
    boolean claimsPort() {
        return true;
    }

    // ---------------------------------------------------------------- listen

    @Override
    boolean listen(Waiter w, int backlog) throws SocketError {
        synchronized (core) {
            if (state != State.FRESH && state != State.BOUND) {
                throw new SocketError(Errno.EINVAL);
            }
        }
        SocketAddress addr = local();
        if (addr == null && core.family != AF_UNIX) {
            addr = Addresses.inetAddress(core.family, "", 0, 0);
            w.checkPolicy(NetworkPolicy.Operation.BIND, addr);
        }
        core.options.rememberKernelDefaults(ch);
        SocketAddress at = addr;
        Path unixFile = core.unixPath;
        try {
            core.become(() -> {
                if (unixFile != null) {
                    Files.deleteIfExists(unixFile); // our own bind made it; the listener binds it again
                }
                return ListenerTransport.open(core, at, backlog);
            });
        } catch (SocketError e) {
            throw w.fail(e);
        }
        return true;
    }

    // ---------------------------------------------------------------- connect

    @Override
    void connect(Waiter w, SocketAddress addr) throws SocketError {
        boolean done = false;
        boolean pending = false;
        Throwable failure = null;
        synchronized (core) {
            switch (state) {
                case CONNECTED -> throw new SocketError(Errno.EISCONN);
                case CONNECTING -> pending = true;
                default -> {
                    try {
                        done = ch.connect(addr);
                        state = done ? State.CONNECTED : State.CONNECTING;
                    } catch (IOException | RuntimeException e) {
                        failure = e;
                        state = State.FAILED;
                    }
                }
            }
        }
        if (failure != null) {
            SocketError se = SocketError.from(failure);
            renewAfterFailedConnect();
            w.traceError(Addresses.describe(addr), se);
            throw se;
        }
        if (done) {
            traceConnected(w, addr);
            return;
        }
        if (pending) {
            pollPendingConnect(w, addr);
            return;
        }
        if (w.nonBlocking()) {
            if (w.tracing()) {
                w.trace(Addresses.describe(addr) + " -> in progress");
            }
            throw new SocketError.WouldBlock(Errno.EINPROGRESS);
        }
        try {
            while (!finishConnectOrThrow()) {
                w.await(ch, SelectionKey.OP_CONNECT);
            }
        } catch (SocketError e) {
            core.soError = 0; // reported by this call; SO_ERROR reads 0 afterwards, as on Linux
            w.traceError(Addresses.describe(addr), e);
            throw e;
        }
        traceConnected(w, addr);
    }

    /**
     * connect() again while a non-blocking connect is pending: EALREADY while it is, then once 0
     * (or its error), then EISCONN -- the sequence Linux gives connect_ex loops.
     */
    private void pollPendingConnect(Waiter w, SocketAddress addr) throws SocketError {
        if (finishConnect()) {
            traceConnected(w, addr);
            return;
        }
        int e = core.soError;
        if (e != 0) {
            core.soError = 0;
            throw SocketError.of(e);
        }
        throw SocketError.of(Errno.EALREADY);
    }

    private static void traceConnected(Waiter w, SocketAddress addr) {
        if (w.tracing()) {
            w.trace(Addresses.describe(addr));
        }
    }

    /** True once connected; false while pending; a failure becomes SO_ERROR (and a fresh channel). */
    boolean finishConnect() {
        try {
            return finishConnectOrThrow();
        } catch (SocketError e) {
            core.soError = e.errno();
            return false;
        }
    }

    private boolean finishConnectOrThrow() throws SocketError {
        SocketError failed;
        synchronized (core) {
            if (state == State.CONNECTED) {
                return true;
            }
            if (state != State.CONNECTING) {
                throw SocketError.of(core.soError != 0 ? core.soError : Errno.ECONNREFUSED);
            }
            try {
                if (ch.finishConnect()) {
                    state = State.CONNECTED;
                    return true;
                }
                return false;
            } catch (IOException | RuntimeException e) {
                failed = SocketError.from(e);
                core.soError = failed.errno();
                state = State.FAILED;
            }
        }
        renewAfterFailedConnect(); // outside the state lock: it makes pollers let go of the channel
        throw failed;
    }

    private void renewAfterFailedConnect() throws SocketError {
        SocketAddress bound = ch.isOpen() ? local() : null;
        core.become(() -> {
            SocketChannel fresh = (SocketChannel) core.openChannel();
            if (bound != null && !(bound instanceof InetSocketAddress isa && isa.getPort() == 0)) {
                try {
                    fresh.bind(bound);
                } catch (IOException | RuntimeException e) {
                    SocketCore.closeQuietly(fresh);
                    throw e;
                }
                return new StreamTransport(core, fresh, State.BOUND, true);
            }
            return fresh(core, fresh, true);
        });
    }

    @Override
    void settle() {
        if (state == State.CONNECTING) {
            finishConnect();
        }
    }

    // ---------------------------------------------------------------- data

    @Override
    int read(Waiter w, byte[] dst, int off, int len, int flags, SocketAddress[] from) throws SocketError {
        w.reportAs("recv");
        if (state != State.CONNECTED) {
            throw new SocketError(Errno.ENOTCONN);
        }
        if (len == 0) {
            return 0;
        }
        boolean peek = (flags & MSG_PEEK) != 0;
        int kept = core.takePeeked(dst, off, len, peek, false, null);
        if (kept >= 0) {
            if (peek && kept < len) {
                kept += peekMore(w, dst, off + kept, len - kept);
            }
            if (w.tracing()) {
                w.trace(kept + " bytes" + (peek ? " (peek)" : ""));
            }
            return kept;
        }
        ByteBuffer buf = ByteBuffer.wrap(dst, off, len);
        while (true) {
            int n;
            try {
                n = ch.read(buf);
            } catch (IOException | RuntimeException e) {
                throw w.fail(e);
            }
            if (n != 0) {
                if (n < 0) {
                    eofSeen = true;
                    n = 0; // end of stream: Python's b''
                }
                if (peek && n > 0) {
                    core.keepPeeked(ByteBuffer.wrap(Arrays.copyOfRange(dst, off, off + n)), null);
                }
                if (w.tracing()) {
                    w.trace(n == 0 ? "EOF" : n + " bytes" + (peek ? " (peek)" : ""));
                }
                return n;
            }
            w.await(ch, SelectionKey.OP_READ);
        }
    }

    /**
     * A larger MSG_PEEK after a smaller one: Linux shows everything that has arrived, so what the
     * channel has now (without waiting) is read and kept behind the bytes already peeked.
     */
    private int peekMore(Waiter w, byte[] dst, int off, int len) throws SocketError {
        int n;
        try {
            n = ch.read(ByteBuffer.wrap(dst, off, len));
        } catch (IOException | RuntimeException e) {
            throw w.fail(e);
        }
        if (n < 0) {
            eofSeen = true;
            return 0;
        }
        if (n > 0) {
            core.appendPeeked(Arrays.copyOfRange(dst, off, off + n));
        }
        return n;
    }

    @Override
    int write(Waiter w, ByteBuffer buf, int flags, boolean all, SocketAddress to) throws SocketError {
        if (state == State.CONNECTING) {
            // Linux: a non-blocking send during connect says EAGAIN; a blocking one waits for it.
            if (w.nonBlocking()) {
                throw w.wouldBlock();
            }
            while (!finishConnectOrThrow()) {
                w.await(ch, SelectionKey.OP_CONNECT);
            }
        }
        if (state != State.CONNECTED) {
            throw SocketError.of(Errno.EPIPE); // Linux says EPIPE for a stream socket that never connected
        }
        int total = buf.remaining();
        while (true) {
            try {
                ch.write(buf);
            } catch (ClosedChannelException e) {
                // The JDK says "closed" after our own shutdown(SHUT_WR); the kernel says EPIPE.
                throw ch.isOpen() ? SocketError.of(Errno.EPIPE) : w.fail(e);
            } catch (IOException | RuntimeException e) {
                throw w.fail(e);
            }
            int sent = total - buf.remaining();
            if (!buf.hasRemaining() || (!all && sent > 0)) {
                if (w.tracing()) {
                    w.trace(sent + " bytes");
                }
                return sent;
            }
            w.await(ch, SelectionKey.OP_WRITE);
        }
    }

    @Override
    void shutdown(int how) throws IOException {
        if (state != State.CONNECTED) {
            throw new SocketError(Errno.ENOTCONN);
        }
        if (how != SHUT_WR) {
            ch.shutdownInput();
            inputShut = true;
        }
        if (how != SHUT_RD) {
            ch.shutdownOutput();
            outputShut = true;
        }
    }

    // ---------------------------------------------------------------- readiness

    @Override
    int readyNow() {
        return switch (state) {
            // Linux reports an unconnected stream socket as writable and hung up.
            case FRESH, BOUND, FAILED -> Poller.POLLOUT | Poller.POLLHUP | (afterFailedConnect ? Poller.POLLIN : 0);
            case CONNECTED -> {
                int r = 0;
                boolean inputEnded = eofSeen || inputShut;
                if (inputEnded) {
                    r |= Poller.POLLIN | Poller.POLLRDHUP;
                }
                if (outputShut) {
                    r |= Poller.POLLOUT; // a write fails at once (EPIPE): it does not block
                    if (inputEnded) {
                        r |= Poller.POLLHUP;
                    }
                }
                yield r;
            }
            case CONNECTING -> 0;
        };
    }

    @Override
    int interestOps(int events) {
        boolean in = wantsIn(events);
        boolean out = wantsOut(events);
        return switch (state) {
            // A connect that completes or fails answers both: Linux flags a failed one readable too.
            case CONNECTING -> in || out ? SelectionKey.OP_CONNECT : 0;
            case CONNECTED -> (in && !inputShut ? SelectionKey.OP_READ : 0)
                    | (out && !outputShut ? SelectionKey.OP_WRITE : 0);
            default -> 0;
        };
    }

    @Override
    int readyFrom(int readyOps, int events) {
        int r = super.readyFrom(readyOps, events);
        if ((events & Poller.POLLRDHUP) != 0 && (readyOps & SelectionKey.OP_READ) != 0 && probeEof()) {
            r |= Poller.POLLRDHUP;
        }
        if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
            // The kernel finished the handshake; the socket's state follows now, as it would in C.
            if (finishConnect()) {
                r |= Poller.POLLOUT;
            } else if (core.soError != 0) {
                r |= Poller.POLLIN | Poller.POLLOUT | Poller.POLLERR | Poller.POLLHUP;
            }
        }
        return r;
    }

    /**
     * Whether the peer has closed its side: java.nio can tell only by reading, so read ahead into
     * the peek buffer (recv serves it first) and see if the stream ended. For EPOLLRDHUP only.
     */
    private boolean probeEof() {
        if (eofSeen) {
            return true;
        }
        synchronized (core) {
            if (state != State.CONNECTED || core.hasPeeked()) {
                return false;
            }
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                if (ch.read(buf) < 0) {
                    eofSeen = true;
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                return false; // the error shows on the next recv
            }
            buf.flip();
            core.keepPeeked(buf, null);
            return false;
        }
    }
}
