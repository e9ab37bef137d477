package io.pysock.net;

import static io.pysock.net.SocketConstants.MSG_DONTWAIT;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;

/**
 * One socket call in progress, and the one place that decides what it does when the channel is
 * not ready: EAGAIN at once (a non-blocking socket, or MSG_DONTWAIT), a wait on the socket's own
 * selector, {@link SocketError.Timeout} once the socket's timeout has passed, EBADF if another
 * thread closed the socket meanwhile, or EINTR if the wait was interrupted (Ctrl-C, a run being
 * stopped). Every transport loop is "try the channel; if it could not, {@link #await}; try again".
 *
 * <p>As in CPython's {@code sock_call}, the deadline starts at the first wait, and one deadline
 * covers the whole call (all of a {@code sendall}, all the waits of a connect). {@link Poller}
 * waits the same way: {@link Deadline} for its timeout, {@link #afterWait} for EBADF and EINTR.
 *
 * <p>The call also reports for its socket: its trace lines, and its network-policy checks.
 */
final class Waiter {
    private final PySocket socket;
    private final boolean nonBlocking;
    private final long timeoutNanos;
    private String op;
    private Deadline deadline;

    /**
     * As CPython's sock_call: a timeout waits up to the timeout whatever the descriptor's flag;
     * otherwise the descriptor's O_NONBLOCK decides (set by settimeout/setblocking, so a
     * non-blocking socket is EAGAIN and a blocking one waits), and an fcntl(F_SETFL) that changed
     * the flag behind the socket object's back changes what the call does, as the kernel's would.
     */
    Waiter(PySocket socket, String op, int flags) {
        this.socket = socket;
        this.op = op;
        long t = socket.timeoutNanos();
        this.timeoutNanos = t > 0 ? t : -1;
        this.nonBlocking = (flags & MSG_DONTWAIT) != 0 || (t <= 0 && socket.core().isNonBlockingFile());
    }

    /** The name the trace gives this call, when the kind of socket decides it (UDP's recv is "recvfrom"). */
    void reportAs(String name) {
        op = name;
    }

    /** Whether this call may not wait at all. */
    boolean nonBlocking() {
        return nonBlocking;
    }

    /** Waits until {@code ch} is ready for {@code ops}, or raises what the caller must raise instead. */
    void await(SelectableChannel ch, int ops) throws SocketError {
        if (nonBlocking) {
            throw wouldBlock();
        }
        if (deadline == null) {
            deadline = Deadline.after(timeoutNanos);
        }
        long millis = deadline.selectMillis();
        if (millis < 0) {
            trace("-> timed out");
            throw new SocketError.Timeout();
        }
        SocketCore core = socket.core();
        InterruptScope.Wait interrupts = InterruptScope.begin(socket.interruptScopes());
        try {
            Selector sel = core.selectorFor(ch, ops);
            interrupts.enter(sel);
            try {
                sel.select(millis);
                sel.selectedKeys().clear();
            } finally {
                interrupts.exit();
            }
        } catch (ClosedSelectorException | CancelledKeyException e) {
            throw new SocketError(Errno.EBADF); // closed by another thread while we waited
        } catch (IOException e) {
            throw SocketError.from(e);
        }
        afterWait(interrupts, core.isClosed() || socket.isClosed());
    }

    /**
     * After a wait (a socket's or a poller's) that ended without a result: EBADF if what it
     * waited on was closed meanwhile, EINTR if it was interrupted; otherwise the caller looks again.
     */
    static void afterWait(InterruptScope.Wait interrupts, boolean closed) throws SocketError {
        if (closed) {
            throw new SocketError(Errno.EBADF);
        }
        if (interrupts.interrupted()) {
            throw new SocketError(Errno.EINTR);
        }
    }

    SocketError wouldBlock() {
        if (socket.tracing()) {
            trace("-> EAGAIN");
        }
        return new SocketError.WouldBlock(Errno.EAGAIN);
    }

    /** The SocketError for a channel call's failure, traced. */
    SocketError fail(Throwable t) {
        return socket.fail(op, t);
    }

    void checkPolicy(NetworkPolicy.Operation operation, java.net.SocketAddress to) throws SocketError {
        socket.checkPolicy(operation, to);
    }

    boolean tracing() {
        return socket.tracing();
    }

    void trace(String detail) {
        socket.trace(op, detail);
    }

    void traceError(String detail, SocketError e) {
        socket.trace(op, detail, e);
    }
}
