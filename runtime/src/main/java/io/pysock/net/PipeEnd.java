package io.pysock.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

import org.graalvm.polyglot.HostAccess;

/**
 * One end of a script's {@code os.pipe()}: a {@link java.nio.channels.Pipe} channel, which a
 * {@link Poller} can wait on (GraalPy's own pipes cannot be selected). Read and write as
 * {@code os.read}/{@code os.write} do: a read returns what is there (at most {@code n} bytes),
 * b'' once the write end is closed and the pipe is empty; a write to a pipe whose read end is
 * closed is EPIPE. Several numbers may name one end ({@code os.dup}); the channel closes with
 * the last of them.
 *
 * <p>The channel always stays non-blocking (a channel registered with a selector must be);
 * a blocking read or write waits on a selector of its own, interruptibly like a socket wait.
 */
public final class PipeEnd {
    private final SelectableChannel channel;
    private final boolean readEnd;
    private final SocketModule module;
    private PipeEnd other;
    private int numbers = 1;         // descriptors naming this end; guarded by this
    private volatile boolean closed;
    private volatile boolean blocking = true;
    private Selector waitSelector;   // for blocking calls; guarded by this
    private int lookahead = -1;      // a byte read to learn whether a hung-up pipe is empty; guarded by this

    private PipeEnd(SelectableChannel channel, boolean readEnd, SocketModule module) {
        this.channel = channel;
        this.readEnd = readEnd;
        this.module = module;
    }

    /** A new pipe: {read end, write end}. */
    static PipeEnd[] open(SocketModule module) throws SocketError {
        try {
            Pipe p = Pipe.open();
            p.source().configureBlocking(false);
            p.sink().configureBlocking(false);
            PipeEnd r = new PipeEnd(p.source(), true, module);
            PipeEnd w = new PipeEnd(p.sink(), false, module);
            r.other = w;
            w.other = r;
            return new PipeEnd[] {r, w};
        } catch (IOException e) {
            throw SocketError.from(e);
        }
    }

    SelectableChannel channel() {
        return channel;
    }

    boolean isReadEnd() {
        return readEnd;
    }

    @HostAccess.Export
    public boolean isClosed() {
        return closed;
    }

    @HostAccess.Export
    public boolean isReadable() {
        return readEnd;
    }

    /** Another number names this end (os.dup). */
    synchronized void addNumber() {
        numbers++;
    }

    /** A number naming this end is closed; the channel closes with the last one. */
    void dropNumber() {
        synchronized (this) {
            if (--numbers > 0 || closed) {
                return;
            }
            closed = true;
        }
        // java.nio closes a registered channel only once every selector has let it go; the other
        // end must see EOF (or EPIPE) now, as with a kernel pipe.
        synchronized (this) {
            if (waitSelector != null) {
                try {
                    waitSelector.close(); // also wakes a blocking call of another thread
                } catch (IOException ignored) {
                    // nothing left to release
                }
            }
        }
        Poller.forget(channel);
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    @HostAccess.Export
    public boolean isBlocking() {
        return blocking;
    }

    @HostAccess.Export
    public void setBlocking(boolean on) {
        blocking = on;
    }

    /** os.read: up to {@code n} bytes into {@code buf}; 0 at EOF; EAGAIN when empty and non-blocking. */
    @HostAccess.Export
    public int read(byte[] buf, int n) throws SocketError {
        if (!readEnd) {
            throw new SocketError(Errno.EBADF);
        }
        final int len = Math.min(n, buf.length);
        synchronized (this) {
            if (lookahead >= 0 && len > 0) {
                buf[0] = (byte) lookahead;
                lookahead = -1;
                int more = len > 1 ? io(() -> ((Pipe.SourceChannel) channel).read(ByteBuffer.wrap(buf, 1, len - 1))) : 0;
                return 1 + Math.max(more, 0);
            }
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
        while (true) {
            int got = io(() -> ((Pipe.SourceChannel) channel).read(bb));
            if (got < 0) {
                return 0;
            }
            if (got > 0 || len == 0) {
                return got;
            }
            waitFor(SelectionKey.OP_READ);
        }
    }

    /** os.write: how many of the {@code len} bytes went in (all, when blocking); EPIPE with no reader. */
    @HostAccess.Export
    public int write(byte[] buf, int len) throws SocketError {
        if (readEnd) {
            throw new SocketError(Errno.EBADF);
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
        int total = 0;
        while (true) {
            if (other.closed) {
                throw new SocketError(Errno.EPIPE);
            }
            total += io(() -> ((Pipe.SinkChannel) channel).write(bb));
            if (!bb.hasRemaining() || (total > 0 && !blocking)) {
                return total;
            }
            waitFor(SelectionKey.OP_WRITE);
        }
    }

    /**
     * What this end is without a selector's help, in poll(2) bits: a closed end is POLLNVAL; a
     * read end whose writer is gone hangs up (POLLHUP), a write end whose reader is gone is in
     * error (POLLERR), as Linux says. The selector adds POLLIN / POLLOUT.
     */
    int readyNow() {
        if (closed) {
            return Poller.POLLNVAL;
        }
        if (!other.closed) {
            return 0;
        }
        if (!readEnd) {
            return Poller.POLLERR;
        }
        // Linux: POLLHUP, and POLLIN only while bytes are left (the selector says "readable" either way)
        return hasData() ? Poller.POLLIN | Poller.POLLHUP : Poller.POLLHUP;
    }

    private synchronized boolean hasData() {
        if (lookahead >= 0) {
            return true;
        }
        ByteBuffer one = ByteBuffer.allocate(1);
        try {
            if (((Pipe.SourceChannel) channel).read(one) == 1) {
                lookahead = one.get(0) & 0xFF;
                return true;
            }
        } catch (IOException e) {
            // closed meanwhile: POLLNVAL on the next look
        }
        return false;
    }

    /** The selector's interest for poll {@code events}. */
    int interestOps(int events) {
        if (readEnd) {
            return (events & Poller.POLLIN) != 0 ? SelectionKey.OP_READ : 0;
        }
        return (events & Poller.POLLOUT) != 0 ? SelectionKey.OP_WRITE : 0;
    }

    /** poll bits for what the selector found. */
    int readyFrom(int ops) {
        if (readEnd && other.closed) {
            return 0; // readyNow knows whether bytes are left
        }
        if (readEnd) {
            return (ops & SelectionKey.OP_READ) != 0 ? Poller.POLLIN : 0;
        }
        return (ops & SelectionKey.OP_WRITE) != 0 ? Poller.POLLOUT : 0;
    }

    private interface Io {
        int run() throws IOException;
    }

    private int io(Io op) throws SocketError {
        if (closed) {
            throw new SocketError(Errno.EBADF);
        }
        try {
            return op.run();
        } catch (ClosedChannelException e) {
            throw new SocketError(closed ? Errno.EBADF : Errno.EPIPE);
        } catch (IOException e) {
            if (!readEnd && other.closed) {
                throw new SocketError(Errno.EPIPE);
            }
            throw SocketError.from(e);
        }
    }

    /** A blocking call waits here until the channel is ready (EAGAIN when non-blocking; EINTR on a signal). */
    private void waitFor(int op) throws SocketError {
        if (!blocking) {
            throw new SocketError(Errno.EAGAIN);
        }
        Selector sel;
        synchronized (this) {
            if (closed) {
                throw new SocketError(Errno.EBADF);
            }
            try {
                if (waitSelector == null) {
                    waitSelector = Selector.open();
                }
                sel = waitSelector;
                SelectionKey k = channel.keyFor(sel);
                if (k == null) {
                    channel.register(sel, op);
                } else {
                    k.interestOps(op);
                }
            } catch (IOException e) {
                throw SocketError.from(e);
            }
        }
        InterruptScope.Wait interrupts = InterruptScope.begin(
                module == null ? java.util.List.of() : java.util.List.of(module.interrupts()));
        interrupts.enter(sel);
        try {
            // Bounded: the other end's close is seen on the next round even if no event comes.
            sel.select(200);
            sel.selectedKeys().clear();
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            // closed meanwhile: the next read or write says EBADF
        } finally {
            interrupts.exit();
        }
        Waiter.afterWait(interrupts, closed);
    }
}
