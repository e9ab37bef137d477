package io.pysock.net;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;

import org.graalvm.polyglot.HostAccess;

/**
 * A socket operation failed with a Linux errno: the Java form of Python's {@code OSError}.
 * The Python side raises {@code OSError(errno, strerror)}, which picks the same subclass CPython
 * would ({@code ConnectionRefusedError}, {@code BlockingIOError}, ...). Java callers get the
 * matching nested class: {@link Timeout} ({@code socket.timeout}), {@link WouldBlock}
 * ({@code BlockingIOError}), {@link ConnectionError} and its {@link ConnectionRefused},
 * {@link ConnectionReset}, {@link ConnectionAborted}, {@link BrokenPipe}, {@link PermissionDenied},
 * {@link AddressLookup} ({@code gaierror}), {@link HostLookup} ({@code herror}); any other errno is
 * a plain {@code SocketError}.
 *
 * <pre>{@code
 * try { sock.connect("127.0.0.1", 1); }
 * catch (SocketError e) { if (e.errno() == Errno.ECONNREFUSED) ... }
 * }</pre>
 */
public class SocketError extends IOException {
    private final int errno;

    public SocketError(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    /** Without a stack trace: for the errors a non-blocking loop sees thousands of times. */
    protected SocketError(int errno, String message, boolean cheap) {
        super(message, null);
        this.errno = errno;
        if (cheap) {
            setStackTrace(new StackTraceElement[0]);
        }
    }

    public SocketError(int errno) {
        this(errno, Errno.strerror(errno));
    }

    /** The Linux errno (for {@link AddressLookup} the negative EAI_* code, as gaierror has). */
    @HostAccess.Export
    public int errno() {
        return errno;
    }

    /** The message as Python shows it in {@code OSError.strerror}. */
    @HostAccess.Export
    public String strerror() {
        return getMessage();
    }

    /** Which Python exception this is: "os" (OSError by errno), "timeout", "gai" or "herror". */
    @HostAccess.Export
    public String kind() {
        return this instanceof Timeout ? "timeout" : this instanceof AddressLookup ? "gai"
                : this instanceof HostLookup ? "herror" : "os";
    }

    /**
     * Python's {@code socket.timeout} ({@code TimeoutError('timed out')}): the socket's timeout
     * passed. The socket stays usable.
     *
     * <pre>{@code
     * sock.setTimeout(Duration.ofSeconds(2));
     * try { sock.recv(1024); } catch (SocketError.Timeout e) { ... }
     * }</pre>
     */
    public static final class Timeout extends SocketError {
        public Timeout() {
            super(Errno.ETIMEDOUT, "timed out", true);
        }
    }

    /**
     * The operation would block on a non-blocking socket: EAGAIN, or EINPROGRESS/EALREADY for
     * connect (Python's {@code BlockingIOError}).
     *
     * <pre>{@code
     * sock.setTimeout(Duration.ZERO);
     * try { n = sock.recvInto(buf); } catch (SocketError.WouldBlock e) { retryLater(); }
     * }</pre>
     */
    public static final class WouldBlock extends SocketError {
        public WouldBlock(int errno) {
            super(errno, Errno.strerror(errno), true);
        }
    }

    /**
     * A name could not be resolved: Python's {@code socket.gaierror}, errno an EAI_* code
     * (e.g. {@code e.errno() == Errno.EAI_NONAME}).
     */
    public static final class AddressLookup extends SocketError {
        public AddressLookup(int eaiCode) {
            super(eaiCode, Errno.strerror(eaiCode));
        }
    }

    /** A reverse lookup failed: Python's {@code socket.herror}. */
    public static final class HostLookup extends SocketError {
        public HostLookup(String message) {
            super(1, message);
        }
    }

    /**
     * A connection failed or broke: Python's {@code ConnectionError}. Catch this to handle a
     * refused, reset, aborted or broken connection alike.
     *
     * <pre>{@code
     * try { sock.sendall(data); }
     * catch (SocketError.ConnectionError e) { reconnect(); }
     * }</pre>
     */
    public static class ConnectionError extends SocketError {
        ConnectionError(int errno) {
            super(errno);
        }
    }

    /**
     * The peer refused the connection (ECONNREFUSED, 111): Python's {@code ConnectionRefusedError}.
     *
     * <pre>{@code
     * try { sock.connect(addr); } catch (SocketError.ConnectionRefused e) { assert e.errno() == 111; }
     * }</pre>
     */
    public static final class ConnectionRefused extends ConnectionError {
        public ConnectionRefused() {
            super(Errno.ECONNREFUSED);
        }
    }

    /** The peer reset the connection (ECONNRESET, 104): Python's {@code ConnectionResetError}. */
    public static final class ConnectionReset extends ConnectionError {
        public ConnectionReset() {
            super(Errno.ECONNRESET);
        }
    }

    /** The connection was aborted (ECONNABORTED, 103): Python's {@code ConnectionAbortedError}. */
    public static final class ConnectionAborted extends ConnectionError {
        public ConnectionAborted() {
            super(Errno.ECONNABORTED);
        }
    }

    /**
     * Writing to a connection whose sending side is shut down (EPIPE, 32, or ESHUTDOWN, 108):
     * Python's {@code BrokenPipeError}.
     */
    public static final class BrokenPipe extends ConnectionError {
        public BrokenPipe(int errno) {
            super(errno);
        }
    }

    /**
     * Not allowed (EACCES, 13, or EPERM, 1): Python's {@code PermissionError}. A run's
     * {@link NetworkPolicy} refuses an address with EACCES.
     */
    public static final class PermissionDenied extends SocketError {
        public PermissionDenied(int errno, String message) {
            super(errno, message);
        }
    }

    /**
     * The exception for {@code errno}, of the class matching the Python exception CPython raises
     * for it ({@link ConnectionRefused} for ECONNREFUSED, {@link WouldBlock} for EAGAIN, ...).
     */
    public static SocketError of(int errno) {
        return switch (errno) {
            case Errno.ECONNREFUSED -> new ConnectionRefused();
            case Errno.ECONNRESET -> new ConnectionReset();
            case Errno.ECONNABORTED -> new ConnectionAborted();
            case Errno.EPIPE, Errno.ESHUTDOWN -> new BrokenPipe(errno);
            case Errno.EACCES, Errno.EPERM -> new PermissionDenied(errno, Errno.strerror(errno));
            case Errno.EAGAIN, Errno.EINPROGRESS, Errno.EALREADY -> new WouldBlock(errno);
            default -> new SocketError(errno);
        };
    }

    /** The operation is one java.nio cannot perform; the message names pysock and the reason. */
    public static SocketError unsupported(int errno, String what) {
        return new SocketError(errno, Errno.strerror(errno) + " (pysock: " + what + ")");
    }

    /** The one table from JDK exceptions to errno: every channel call goes through it. */
    public static SocketError from(Throwable t) {
        if (t instanceof SocketError se) {
            return se;
        }
        if (t instanceof AsynchronousCloseException || t instanceof ClosedChannelException) {
            return new SocketError(Errno.EBADF);
        }
        if (t instanceof NotYetConnectedException) {
            return new SocketError(Errno.ENOTCONN);
        }
        if (t instanceof AlreadyConnectedException) {
            return new SocketError(Errno.EISCONN);
        }
        if (t instanceof ConnectionPendingException) {
            return of(Errno.EALREADY);
        }
        if (t instanceof NoConnectionPendingException || t instanceof NotYetBoundException
                || t instanceof AlreadyBoundException) {
            return new SocketError(Errno.EINVAL);
        }
        if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
            return new AddressLookup(Errno.EAI_NONAME);
        }
        if (t instanceof UnsupportedAddressTypeException) {
            return new SocketError(Errno.EAFNOSUPPORT);
        }
        if (t instanceof UnsupportedOperationException) {
            return unsupported(Errno.EOPNOTSUPP, String.valueOf(t.getMessage()));
        }
        int errno = Errno.fromMessage(t.getMessage());
        if (errno != 0) {
            return of(errno);
        }
        if (t instanceof ConnectException) {
            return new ConnectionRefused();
        }
        if (t instanceof BindException) {
            return new SocketError(Errno.EADDRINUSE);
        }
        if (t instanceof NoRouteToHostException) {
            return new SocketError(Errno.EHOSTUNREACH);
        }
        if (t instanceof PortUnreachableException) {
            return new ConnectionRefused();
        }
        if (t instanceof IllegalArgumentException) {
            return new SocketError(Errno.EINVAL, Errno.strerror(Errno.EINVAL) + " (" + t.getMessage() + ")");
        }
        // Not in the table: keep the JDK's words so the report is useful, and say where it came from.
        SocketError e = new SocketError(Errno.EIO, "pysock: unexpected " + t.getClass().getSimpleName()
                + ": " + t.getMessage());
        e.initCause(t);
        return e;
    }
}
