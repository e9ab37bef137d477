package io.pysock.net;

import static io.pysock.net.SocketConstants.SHUT_WR;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A listening stream socket: accept() and nothing else (other calls answer as Linux's listener does). */
final class ListenerTransport extends Transport {
    /**
     * A script's small backlog (socketserver's 5, the tutorial's 5) is raised to this: a GraalPy
     * accept loop is slower than CPython's, and a full queue makes Linux drop handshakes, which
     * clients see as resets under load. Only the queue length changes.
     */
    private static final int MIN_BACKLOG = 128;

    private final ServerSocketChannel ch;
    /** Set by shutdown(SHUT_RD or SHUT_RDWR): the address it listened on, kept for getsockname(). */
    private volatile SocketAddress shutAt;

    private ListenerTransport(SocketCore core, ServerSocketChannel ch) {
        super(core);
        this.ch = ch;
    }

    /** A listener bound to {@code addr} (null: an AF_UNIX socket the JDK names), with the socket's options. */
    static ListenerTransport open(SocketCore core, SocketAddress addr, int backlog) throws IOException {
        ServerSocketChannel ssc = ServerSocketChannel.open(core.protocolFamily());
        try {
            ssc.configureBlocking(false);
            core.options.applyTo(ssc);
            ssc.bind(addr, Math.max(backlog, MIN_BACKLOG));
        } catch (IOException | RuntimeException e) {
            SocketCore.closeQuietly(ssc);
            throw e;
        }
        return new ListenerTransport(core, ssc);
    }

    @Override
    SelectableChannel channel() {
        return ch;
    }

    @Override
    void bind(SocketAddress addr) throws IOException {
        throw new SocketError(Errno.EINVAL);
    }

    /** A listener holds its port as a bound stream socket does. */
    @Override
    boolean claimsPort() {
        return true;
    }

    @Override
    boolean listening() {
        return true;
    }

    /** The backlog of a java.nio listener cannot change; the socket already listens. */
    @Override
    boolean listen(Waiter w, int backlog) {
        return false;
    }

    /**
     * Linux stops listening when the receiving side of a listener is shut down: queued and new
     * connections are refused, accept() -- a waiting one too -- fails with EINVAL, and the socket
     * keeps its name. Closing the channel gives the first two and wakes the waiter; SHUT_WR alone
     * does nothing, as on Linux.
     */
    @Override
    void shutdown(int how) {
        if (how == SHUT_WR || shutAt != null) {
            return;
        }
        shutAt = super.local();
        core.retire(ch);
    }

    @Override
    SocketAddress local() {
        SocketAddress a = shutAt;
        return a != null ? a : super.local();
    }

    @Override
    SocketChannel accept(Waiter w) throws SocketError {
        while (true) {
            SocketChannel sc;
            try {
                stopped();
                sc = ch.accept();
            } catch (IOException | RuntimeException e) {
                stopped();
                throw w.fail(e);
            }
            if (sc != null) {
                return sc;
            }
            try {
                w.await(ch, SelectionKey.OP_ACCEPT);
            } catch (SocketError e) {
                if (!core.isClosed()) {
                    stopped(); // woken by shutdown() rather than close()
                }
                throw e;
            }
        }
    }

    private void stopped() throws SocketError {
        if (shutAt != null) {
            throw new SocketError(Errno.EINVAL);
        }
    }

    /** Linux polls a stopped listener as a closed connection: readable, writable, hung up. */
    @Override
    int readyNow() {
        return shutAt == null ? 0 : Poller.POLLIN | Poller.POLLRDNORM | Poller.POLLOUT | Poller.POLLWRNORM
                | Poller.POLLHUP | Poller.POLLRDHUP;
    }

    @Override
    int interestOps(int events) {
        return shutAt == null && wantsIn(events) ? SelectionKey.OP_ACCEPT : 0;
    }
}
