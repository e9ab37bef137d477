package io.pysock.net;

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

    /** Linux accepts shutdown() on a listening socket (it has no connection to end): no error. */
    @Override
    void shutdown(int how) {
    }

    @Override
    SocketChannel accept(Waiter w) throws SocketError {
        while (true) {
            SocketChannel sc;
            try {
                sc = ch.accept();
            } catch (IOException | RuntimeException e) {
                throw w.fail(e);
            }
            if (sc != null) {
                return sc;
            }
            w.await(ch, SelectionKey.OP_ACCEPT);
        }
    }

    @Override
    int interestOps(int events) {
        return wantsIn(events) ? SelectionKey.OP_ACCEPT : 0;
    }
}
