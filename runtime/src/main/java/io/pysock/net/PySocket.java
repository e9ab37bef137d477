package io.pysock.net;

import static io.pysock.net.SocketConstants.*;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.graalvm.polyglot.HostAccess;

/**
 * A BSD-style socket on java.nio channels, with Python's semantics: the object behind every
 * Python {@code socket.socket} in pysock, and the same socket for Java callers.
 *
 * <pre>{@code
 * try (PySocket s = PySocket.open(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM)) {
 *     s.settimeout(5.0);
 *     s.connect("127.0.0.1", 12345);
 *     byte[] buf = new byte[1024];
 *     int n = s.recvInto(buf, 0, buf.length, 0);
 * }
 * }</pre>
 *
 * <h2>Blocking, timeouts, non-blocking</h2>
 * One rule for every call, as in CPython: channels are always in non-blocking mode; a call first
 * tries the operation, and only if it would block does it wait on the socket's own selector —
 * forever (timeout {@code null}), until the deadline ({@link SocketError.Timeout}), or not at all
 * (timeout 0: {@link SocketError.WouldBlock}). {@code sendall} has one deadline for all its bytes.
 *
 * <h2>Stream sockets and their channel</h2>
 * A new stream socket owns an unbound {@link SocketChannel}, so bind() really binds (getsockname()
 * tells the port at once) and options can be read before connect. listen() moves the bound address
 * to a {@link ServerSocketChannel}: java.nio has no socket that can be either.
 */
public final class PySocket implements Closeable {
    private enum State { FRESH, BOUND, CONNECTING, CONNECTED, LISTENING, CLOSED }

    private static final int MIN_BACKLOG = 128;

    private final int family;
    private final int type;
    private final int proto;
    private final Core core;
    private volatile int fd;
    private volatile FdTable table; // where fd is numbered: the owning run's, or Java callers'
    private volatile long timeoutNanos; // -1: blocking; 0: non-blocking; > 0: timeout
    private volatile SocketModule owner; // the script run that holds this socket, if any
    /** Runs Java lent this socket to: they can reach its number, and interrupting them wakes its waits. */
    private final java.util.Set<SocketModule> borrowers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The timeout sockets Java callers open get ({@link #setDefaultTimeout}); a run has its own. */
    private static volatile long javaDefaultTimeoutNanos = -1;

    /**
     * The shared part of a socket and its dup()s: the channel and its state. dup() gives a new fd
     * (and its own timeout) on the same connection; the channel closes with the last of them.
     */
    private static final class Core {
        volatile SelectableChannel ch;
        volatile State state = State.FRESH;
        final SocketOptions options;
        Selector readSelector;
        Selector writeSelector;
        ByteBuffer peeked;              // bytes read by MSG_PEEK and not yet consumed
        SocketAddress peekedFrom;       // sender of a peeked datagram
        volatile int soError;           // pending error for getsockopt(SO_ERROR)
        volatile boolean eofSeen;       // a read returned end of stream
        volatile boolean inputShut;     // shutdown(SHUT_RD) by us
        volatile boolean outputShut;    // shutdown(SHUT_WR) by us
        volatile boolean connectFailed; // the last connect failed (Linux then polls readable too)
        Path unixPath;                  // file bound by this socket (AF_UNIX)
        int refs = 1;

        Core(SocketOptions options) {
            this.options = options;
        }
    }

    /** A socket numbered in {@code run}'s table and owned by it, or Java callers' ({@code run} null). */
    private PySocket(int family, int type, int proto, Core core, long timeoutNanos, SocketModule run) {
        this.family = family;
        this.type = type;
        this.proto = proto;
        this.core = core;
        this.timeoutNanos = timeoutNanos;
        this.table = tableOf(run);
        this.fd = table.allocate(this);
        LiveSockets.add(this);
        ownedBy(run);
    }

    private static FdTable tableOf(SocketModule run) {
        return run == null ? FdTable.JAVA : run.fds();
    }

    private static long defaultTimeoutOf(SocketModule run) {
        return run == null ? javaDefaultTimeoutNanos : run.defaultTimeoutNanos();
    }

    /**
     * The timeout of sockets Java code opens from now on (null: blocking, zero: non-blocking).
     * A script's {@code socket.setdefaulttimeout()} is its run's own and does not change this.
     */
    public static void setDefaultTimeout(java.time.Duration timeout) {
        javaDefaultTimeoutNanos = timeout == null ? -1 : Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
    }

    /** The timeout of sockets Java code opens (null: blocking). */
    public static java.time.Duration defaultTimeout() {
        long t = javaDefaultTimeoutNanos;
        return t < 0 ? null : java.time.Duration.ofNanos(t);
    }

    /** A new socket, like {@code socket.socket(family, type)}, with the default timeout. */
    public static PySocket open(int family, int type) throws SocketError {
        return open(family, type, 0);
    }

    /**
     * A new socket, like {@code socket.socket(family, type, proto)}, with the default timeout.
     * It is Java's: its number is from Java callers' table, which no script run can reach unless
     * the socket is lent to it (the embedding API's endpoints and arguments).
     */
    public static PySocket open(int family, int type, int proto) throws SocketError {
        return open(family, type, proto, null);
    }

    /** A new socket of script run {@code run} (its numbers, its default timeout), or Java's if null. */
    static PySocket open(int family, int type, int proto, SocketModule run) throws SocketError {
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
        Core core = new Core(new SocketOptions(baseType));
        try {
            core.ch = baseType == SOCK_STREAM ? SocketChannel.open(protocolFamily(family))
                    : DatagramChannel.open(protocolFamily(family));
            core.ch.configureBlocking(false);
        } catch (IOException | UnsupportedOperationException e) {
            throw SocketError.from(e);
        }
        long timeout = (type & SOCK_NONBLOCK) != 0 ? 0 : defaultTimeoutOf(run);
        PySocket s = new PySocket(family, baseType, proto, core, timeout, run);
        s.trace("socket", "family=" + family + " type=" + baseType);
        return s;
    }

    /** Ties the socket to a script run, whose end closes it. */
    private void ownedBy(SocketModule module) {
        owner = module;
        if (module != null) {
            module.track(this);
        }
    }

    /**
     * Makes {@code run} the owner of this socket, which no run owns (a connection accepted on a
     * listener Java lent the run, a dup of a lent socket): it gets a number in the run's table,
     * as a descriptor the script made itself. Nobody has seen its old number yet.
     */
    synchronized void adoptInto(SocketModule run) {
        if (owner != null || fd < 0) {
            return;
        }
        int old = fd;
        FdTable to = run.fds();
        fd = to.allocate(this);
        table.release(old);
        table = to;
        ownedBy(run);
        trace("adopt", "was fd=" + old);
    }

    /** Lets {@code run} reach this socket by number while Java keeps owning it. */
    void lendTo(SocketModule run) {
        borrowers.add(run);
    }

    void unlend(SocketModule run) {
        borrowers.remove(run);
    }

    /** The socket Java code opened whose {@link #fileno()} is {@code fd}, or null (script runs number theirs apart). */
    public static PySocket fromFd(int fd) {
        return FdTable.JAVA.lookup(fd);
    }

    private static ProtocolFamily protocolFamily(int family) {
        return switch (family) {
            case AF_INET -> StandardProtocolFamily.INET;
            case AF_INET6 -> StandardProtocolFamily.INET6;
            default -> StandardProtocolFamily.UNIX;
        };
    }

    // ---------------------------------------------------------------- identity and modes

    @HostAccess.Export
    public int family() {
        return family;
    }

    @HostAccess.Export
    public int type() {
        return type;
    }

    @HostAccess.Export
    public int proto() {
        return proto;
    }

    /** The small-int descriptor of this socket, or -1 once it is closed. */
    @HostAccess.Export
    public int fileno() {
        return fd;
    }

    /** Seconds, or null for a blocking socket (Python's {@code gettimeout()}). */
    @HostAccess.Export
    public Double gettimeout() {
        long t = timeoutNanos;
        return t < 0 ? null : t / 1e9;
    }

    /** null blocks, 0 makes the socket non-blocking, a positive number of seconds is a timeout. */
    @HostAccess.Export
    public void settimeout(Double seconds) throws SocketError {
        open();
        if (seconds == null) {
            timeoutNanos = -1;
        } else if (seconds < 0 || seconds.isNaN()) {
            throw new IllegalArgumentException("Timeout value out of range");
        } else {
            timeoutNanos = (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 4);
        }
    }

    @HostAccess.Export
    public void setblocking(boolean flag) throws SocketError {
        open();
        timeoutNanos = flag ? -1 : 0;
    }

    @HostAccess.Export
    public boolean getblocking() {
        return timeoutNanos != 0;
    }

    // ---------------------------------------------------------------- addresses

    /** Binds to an IP address (a literal; "" is every interface) and port. */
    @HostAccess.Export
    public void bind(String host, int port) throws SocketError {
        PortMap map = portMap();
        if (map == null || port == 0) {
            bindTo(SocketModule.inetAddress(family, host, port, 0), true);
            return;
        }
        // Port isolation: the kernel picks a free port; the script keeps seeing the one it asked for.
        bindTo(SocketModule.inetAddress(family, host, 0, 0), false);
        int real = ((InetSocketAddress) local(core)).getPort();
        if (!map.claim(port, real, this, type)) {
            reopenUnbound(core);
            SocketError e = new SocketError(Errno.EADDRINUSE);
            trace("bind", host + ":" + port, e);
            throw e;
        }
        trace("bind", "port " + port + " is really " + real);
        if (type == SOCK_DGRAM) {
            readyNotice();
        }
    }

    private PortMap portMap() {
        SocketModule o = owner;
        return o == null ? null : o.portMap();
    }

    /** What the script sees of an address (its own port numbers under port isolation). */
    private SocketAddress visible(SocketAddress a) {
        PortMap map = portMap();
        return map == null ? a : map.toScript(a);
    }

    /** Where a script's address really goes. */
    private SocketAddress real(SocketAddress a) {
        PortMap map = portMap();
        return map == null ? a : map.toReal(a);
    }

    /** Tells the script's run that this socket now serves (listen, or a bound datagram socket). */
    private void readyNotice() {
        SocketModule o = owner;
        if (o != null) {
            try {
                o.serving(visible(local(core)));
            } catch (RuntimeException ignored) {
                // a listener that fails must not fail the script
            }
        }
    }

    /** Binds an AF_UNIX socket to a path. */
    @HostAccess.Export
    public void bindUnix(String path) throws SocketError {
        requireUnix();
        bindTo(unixAddress(path), true);
    }

    private synchronized void bindTo(SocketAddress addr, boolean notifyServing) throws SocketError {
        Core c = open();
        if (c.state != State.FRESH || local(c) != null) {
            throw new SocketError(Errno.EINVAL);
        }
        checkPolicy(NetworkPolicy.Operation.BIND, addr);
        try {
            if (type == SOCK_STREAM && !(addr instanceof UnixDomainSocketAddress)) {
                // Like the JDK's own server sockets: a restarted server gets its port back despite
                // TIME_WAIT leftovers; a port someone listens on still fails with EADDRINUSE.
                // getsockopt(SO_REUSEADDR) keeps showing the script's own setting.
                ((NetworkChannel) c.ch).setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            }
            ((NetworkChannel) c.ch).bind(addr);
        } catch (IOException | RuntimeException e) {
            throw fail("bind", e);
        }
        if (addr instanceof UnixDomainSocketAddress u) {
            c.unixPath = u.getPath();
        } else if (type == SOCK_STREAM && ((InetSocketAddress) addr).getPort() != 0 && boundElsewhere(c)) {
            // SO_REUSEADDR (set above) lets two merely-bound sockets share a port; the kernel would
            // refuse the second without it. Sockets of this JVM are checked here; another process's
            // bound-only socket is not seen (see README).
            reopenUnbound(c);
            SocketError e = new SocketError(Errno.EADDRINUSE);
            trace("bind", SocketModule.describe(addr), e);
            throw e;
        }
        if (type == SOCK_STREAM) {
            c.state = State.BOUND;
        }
        trace("bind", SocketModule.describe(local(c)));
        if (type == SOCK_DGRAM && notifyServing) {
            readyNotice();
        }
    }

    /** Undoes a bind that must fail after all: a fresh, unbound channel with the same options. */
    private void reopenUnbound(Core c) throws SocketError {
        closeQuietly(c.ch);
        try {
            c.ch = type == SOCK_STREAM ? SocketChannel.open(protocolFamily(family))
                    : DatagramChannel.open(protocolFamily(family));
            c.ch.configureBlocking(false);
            c.options.applyTo((NetworkChannel) c.ch);
            c.state = State.FRESH;
        } catch (IOException e) {
            throw SocketError.from(e);
        }
    }

    private boolean boundElsewhere(Core mine) {
        SocketAddress me = local(mine);
        if (!(me instanceof InetSocketAddress m)) {
            return false;
        }
        for (PySocket other : LiveSockets.all()) {
            if (other.core == mine || other.type != SOCK_STREAM || other.core.state == State.CLOSED) {
                continue;
            }
            if (local(other.core) instanceof InetSocketAddress o && o.getPort() == m.getPort()
                    && (o.getAddress().equals(m.getAddress()) || o.getAddress().isAnyLocalAddress()
                        || m.getAddress().isAnyLocalAddress())) {
                return true;
            }
        }
        return false;
    }

    @HostAccess.Export
    public synchronized void listen(int backlog) throws SocketError {
        Core c = open();
        if (type != SOCK_STREAM) {
            throw new SocketError(Errno.EOPNOTSUPP);
        }
        if (c.state == State.LISTENING) {
            return; // the backlog of a java.nio listener cannot change; the socket already listens
        }
        if (c.state != State.FRESH && c.state != State.BOUND) {
            throw new SocketError(Errno.EINVAL);
        }
        SocketAddress addr = local(c);
        if (addr == null) {
            addr = family == AF_UNIX ? null : SocketModule.inetAddress(family, "", 0, 0);
            if (addr != null) {
                checkPolicy(NetworkPolicy.Operation.BIND, addr);
            }
        }
        ServerSocketChannel ssc = null;
        try {
            ssc = ServerSocketChannel.open(protocolFamily(family));
            ssc.configureBlocking(false);
            c.options.applyTo(ssc);
            c.options.rememberKernelDefaults((NetworkChannel) c.ch);
            c.ch.close();
            Poller.forget(c.ch); // its port moves to the listener: the old socket must really close
            if (c.unixPath != null) {
                Files.deleteIfExists(c.unixPath); // our own bind made it; the listener binds it again
            }
            // A script's small backlog (socketserver's 5, the tutorial's 5) is raised to 128: a
            // GraalPy accept loop is slower than CPython's, and a full queue makes Linux drop
            // handshakes, which clients see as resets under load. Only queue length changes.
            ssc.bind(addr, Math.max(backlog, MIN_BACKLOG));
        } catch (IOException | RuntimeException e) {
            closeQuietly(ssc);
            throw fail("listen", e);
        }
        c.ch = ssc;
        c.state = State.LISTENING;
        closeSelectors(c);
        trace("listen", SocketModule.describe(local(c)) + " backlog=" + backlog);
        readyNotice();
    }

    /** Accepts a connection: the new socket (blocking or not by the default timeout). */
    @HostAccess.Export
    public PySocket accept() throws SocketError {
        Core c = open();
        if (c.state != State.LISTENING) {
            throw new SocketError(Errno.EINVAL);
        }
        long deadline = deadline();
        while (true) {
            SocketChannel sc;
            try {
                sc = ((ServerSocketChannel) c.ch).accept();
            } catch (IOException | RuntimeException e) {
                throw fail("accept", e);
            }
            if (sc != null) {
                Core nc = new Core(c.options.inherit());
                nc.ch = sc;
                nc.state = State.CONNECTED;
                try {
                    sc.configureBlocking(false);
                    nc.options.applyTo(sc);
                } catch (IOException e) {
                    closeQuietly(sc);
                    throw fail("accept", e);
                }
                SocketModule run = owner;
                PySocket s = new PySocket(family, type, proto, nc, defaultTimeoutOf(run), run);
                trace("accept", "-> fd=" + s.fd + " peer=" + SocketModule.describe(s.remote(nc)));
                return s;
            }
            await(c, SelectionKey.OP_ACCEPT, deadline, "accept");
        }
    }

    @HostAccess.Export
    public void connect(String host, int port) throws SocketError {
        connectTo(SocketModule.inetAddress(family, host, port, 0), true);
    }

    /** IPv6 form with a scope id (interface index), as the 4-tuple address gives it. */
    @HostAccess.Export
    public void connect6(String host, int port, int scopeId) throws SocketError {
        connectTo(SocketModule.inetAddress(family, host, port, scopeId), true);
    }

    @HostAccess.Export
    public void connectUnix(String path) throws SocketError {
        requireUnix();
        connectTo(unixAddress(path), true);
    }

    /** Like connect, but returns the errno (0 on success) instead of raising it. */
    @HostAccess.Export
    public int connectEx(String host, int port) throws SocketError {
        return connectTo(SocketModule.inetAddress(family, host, port, 0), false);
    }

    @HostAccess.Export
    public int connectUnixEx(String path) throws SocketError {
        requireUnix();
        return connectTo(unixAddress(path), false);
    }

    private int connectTo(SocketAddress addr, boolean raise) throws SocketError {
        try {
            doConnect(real(addr));
            return 0;
        } catch (SocketError.Timeout | SocketError.AddressLookup e) {
            throw e;
        } catch (SocketError e) {
            if (raise) {
                throw e;
            }
            return e.errno();
        }
    }

    private void doConnect(SocketAddress addr) throws SocketError {
        Core c = open();
        String where = SocketModule.describe(addr);
        checkPolicy(NetworkPolicy.Operation.CONNECT, addr);
        if (type == SOCK_DGRAM) {
            try {
                ((DatagramChannel) c.ch).connect(addr);
            } catch (IOException | RuntimeException e) {
                throw fail("connect", e);
            }
            trace("connect", where);
            return;
        }
        SocketChannel sc;
        synchronized (this) {
            switch (c.state) {
                case CONNECTED -> throw new SocketError(Errno.EISCONN);
                case LISTENING -> throw new SocketError(Errno.EINVAL);
                case CONNECTING -> {
                    // Polling a non-blocking connect: EALREADY while pending, then once 0 (or the
                    // error), then EISCONN -- the sequence Linux gives connect_ex loops.
                    if (finishConnect(c)) {
                        trace("connect", where);
                        return;
                    }
                    if (c.soError != 0) {
                        int e = c.soError;
                        c.soError = 0;
                        throw SocketError.of(e);
                    }
                    throw SocketError.of(Errno.EALREADY);
                }
                default -> {
                }
            }
            sc = (SocketChannel) c.ch;
            c.connectFailed = false;
            boolean done;
            try {
                done = sc.connect(addr);
            } catch (IOException | RuntimeException e) {
                SocketError se = SocketError.from(e);
                renewAfterFailedConnect(c);
                trace("connect", where, se);
                throw se;
            }
            if (done) {
                c.state = State.CONNECTED;
                trace("connect", where);
                return;
            }
            c.state = State.CONNECTING;
        }
        if (timeoutNanos == 0) {
            trace("connect", where + " -> in progress");
            throw new SocketError.WouldBlock(Errno.EINPROGRESS);
        }
        long deadline = deadline();
        try {
            while (!finishConnectOrThrow(c)) {
                await(c, SelectionKey.OP_CONNECT, deadline, "connect");
            }
        } catch (SocketError e) {
            c.soError = 0; // reported by this call; SO_ERROR reads 0 afterwards, as on Linux
            trace("connect", where, e);
            throw e;
        }
        trace("connect", where);
    }

    /** True once connected; false while pending; a failure becomes SO_ERROR and a fresh channel. */
    private boolean finishConnect(Core c) {
        try {
            return finishConnectOrThrow(c);
        } catch (SocketError e) {
            c.soError = e.errno();
            return false;
        }
    }

    private boolean finishConnectOrThrow(Core c) throws SocketError {
        synchronized (this) {
            if (c.state == State.CONNECTED) {
                return true;
            }
            if (c.state != State.CONNECTING) {
                throw SocketError.of(c.soError != 0 ? c.soError : Errno.ECONNREFUSED);
            }
            try {
                if (((SocketChannel) c.ch).finishConnect()) {
                    c.state = State.CONNECTED;
                    return true;
                }
                return false;
            } catch (IOException | RuntimeException e) {
                SocketError se = SocketError.from(e);
                renewAfterFailedConnect(c);
                c.soError = se.errno();
                throw se;
            }
        }
    }

    /** The JDK closes a channel whose connect failed; a Python socket stays usable, so reopen. */
    private void renewAfterFailedConnect(Core c) throws SocketError {
        SocketAddress bound = null;
        try {
            bound = c.ch.isOpen() ? ((NetworkChannel) c.ch).getLocalAddress() : null;
        } catch (IOException ignored) {
            // the old channel is gone either way
        }
        closeQuietly(c.ch);
        Poller.forget(c.ch);
        closeSelectors(c);
        try {
            SocketChannel fresh = SocketChannel.open(protocolFamily(family));
            fresh.configureBlocking(false);
            c.options.applyTo(fresh);
            c.ch = fresh;
            c.state = State.FRESH;
            c.connectFailed = true;
            if (bound != null && !(bound instanceof InetSocketAddress isa && isa.getPort() == 0)) {
                fresh.bind(bound);
                c.state = State.BOUND;
            }
        } catch (IOException e) {
            c.state = State.CLOSED;
            throw SocketError.from(e);
        }
    }

    /** Python's getsockname() value: an InetSocketAddress, a UnixDomainSocketAddress, or the unbound form. */
    public SocketAddress localAddress() throws SocketError {
        Core c = open();
        SocketAddress a = local(c);
        if (a == null) {
            return family == AF_UNIX ? UnixDomainSocketAddress.of("") : SocketModule.inetAddress(family, "", 0, 0);
        }
        return a;
    }

    public SocketAddress remoteAddress() throws SocketError {
        Core c = open();
        SocketAddress a = remote(c);
        if (a == null) {
            throw new SocketError(Errno.ENOTCONN);
        }
        return a;
    }

    /** getsockname() as Python's address form: (host, port), (host, port, flow, scope) or a path. */
    @HostAccess.Export
    public Object getsockname() throws SocketError {
        return SocketModule.pythonAddress(family, visible(localAddress()));
    }

    @HostAccess.Export
    public Object getpeername() throws SocketError {
        return SocketModule.pythonAddress(family, visible(remoteAddress()));
    }

    private static SocketAddress local(Core c) {
        try {
            return ((NetworkChannel) c.ch).getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    private SocketAddress remote(Core c) {
        try {
            if (c.ch instanceof SocketChannel sc) {
                return c.state == State.CONNECTED ? sc.getRemoteAddress() : null;
            }
            if (c.ch instanceof DatagramChannel dc) {
                return dc.getRemoteAddress();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    // ---------------------------------------------------------------- data

    /**
     * Receives up to {@code len} bytes into {@code dst}: the bulk path Python's recv and recv_into
     * use (one array copy, no per-byte crossing). Returns 0 at end of stream.
     */
    @HostAccess.Export
    public int recvInto(byte[] dst, int off, int len, int flags) throws SocketError {
        Core c = open();
        if (len < 0 || off < 0 || off + len > dst.length) {
            throw new SocketError(Errno.EINVAL);
        }
        if (type == SOCK_DGRAM) {
            return receiveDatagram(c, dst, off, len, flags, null);
        }
        if (c.state != State.CONNECTED) {
            throw new SocketError(Errno.ENOTCONN);
        }
        if (len == 0) {
            return 0;
        }
        boolean peek = (flags & MSG_PEEK) != 0;
        ByteBuffer p = c.peeked;
        if (p != null && p.hasRemaining()) {
            int n = Math.min(len, p.remaining());
            p.get(p.position(), dst, off, n);
            if (!peek) {
                p.position(p.position() + n);
            }
            trace("recv", n + " bytes" + (peek ? " (peek)" : ""));
            return n;
        }
        long deadline = deadline();
        boolean dontWait = (flags & MSG_DONTWAIT) != 0;
        while (true) {
            int n;
            try {
                n = ((SocketChannel) c.ch).read(ByteBuffer.wrap(dst, off, len));
            } catch (IOException | RuntimeException e) {
                throw fail("recv", e);
            }
            if (n != 0) {
                if (n < 0) {
                    c.eofSeen = true;
                    n = 0; // end of stream: Python's b''
                }
                if (peek && n > 0) {
                    c.peeked = ByteBuffer.wrap(java.util.Arrays.copyOfRange(dst, off, off + n));
                }
                if (tracing()) {
                    trace("recv", n == 0 ? "EOF" : n + " bytes" + (peek ? " (peek)" : ""));
                }
                return n;
            }
            if (dontWait) {
                throw wouldBlock("recv");
            }
            await(c, SelectionKey.OP_READ, deadline, "recv");
        }
    }

    /** recvfrom: fills {@code dst} and returns the sender's address in Python form (null if none). */
    @HostAccess.Export
    public Object[] recvfromInto(byte[] dst, int off, int len, int flags) throws SocketError {
        Core c = open();
        if (type == SOCK_STREAM) {
            return new Object[] {recvInto(dst, off, len, flags), null};
        }
        SocketAddress[] from = new SocketAddress[1];
        int n = receiveDatagram(c, dst, off, len, flags, from);
        return new Object[] {n, from[0] == null ? null : SocketModule.pythonAddress(family, visible(from[0]))};
    }

    private int receiveDatagram(Core c, byte[] dst, int off, int len, int flags, SocketAddress[] from)
            throws SocketError {
        boolean peek = (flags & MSG_PEEK) != 0;
        if (c.peeked != null) {
            int n = Math.min(len, c.peeked.remaining());
            c.peeked.get(c.peeked.position(), dst, off, n);
            if (from != null) {
                from[0] = c.peekedFrom;
            }
            if (!peek) {
                c.peeked = null; // a datagram is read whole; the rest of it is gone, as on Linux
                c.peekedFrom = null;
            }
            return n;
        }
        DatagramChannel dc = (DatagramChannel) c.ch;
        long deadline = deadline();
        boolean dontWait = (flags & MSG_DONTWAIT) != 0;
        while (true) {
            ByteBuffer buf = peek ? ByteBuffer.allocate(65536) : ByteBuffer.wrap(dst, off, len);
            SocketAddress sender;
            try {
                sender = dc.receive(buf); // on a connected channel, only the peer's datagrams arrive
            } catch (IOException | RuntimeException e) {
                throw fail("recvfrom", e);
            }
            if (sender != null) {
                int n;
                if (peek) {
                    buf.flip();
                    c.peeked = buf;
                    c.peekedFrom = sender;
                    n = Math.min(len, buf.remaining());
                    buf.get(buf.position(), dst, off, n);
                } else {
                    n = buf.position() - off;
                }
                if (from != null) {
                    from[0] = sender;
                }
                if (tracing()) {
                    trace("recvfrom", n + " bytes from " + SocketModule.describe(sender));
                }
                return n;
            }
            if (dontWait) {
                throw wouldBlock("recvfrom");
            }
            await(c, SelectionKey.OP_READ, deadline, "recvfrom");
        }
    }

    /** Sends what the socket takes now (at least one byte unless non-blocking); returns the count. */
    @HostAccess.Export
    public int send(byte[] src, int off, int len, int flags) throws SocketError {
        Core c = open();
        if (type == SOCK_DGRAM) {
            return sendDatagram(c, src, off, len, flags, null);
        }
        return write(c, ByteBuffer.wrap(src, off, len), flags, false, "send");
    }

    /** Sends every byte, or raises; one deadline for the whole call, as CPython 3.5+. */
    @HostAccess.Export
    public void sendall(byte[] src, int off, int len, int flags) throws SocketError {
        Core c = open();
        if (type == SOCK_DGRAM) {
            sendDatagram(c, src, off, len, flags, null);
            return;
        }
        write(c, ByteBuffer.wrap(src, off, len), flags, true, "sendall");
    }

    @HostAccess.Export
    public int sendto(byte[] src, int off, int len, int flags, String host, int port) throws SocketError {
        Core c = open();
        return sendTo(c, src, off, len, flags, real(SocketModule.inetAddress(family, host, port, 0)));
    }

    private int sendTo(Core c, byte[] src, int off, int len, int flags, SocketAddress to) throws SocketError {
        if (type == SOCK_STREAM) {
            return write(c, ByteBuffer.wrap(src, off, len), flags, false, "sendto");
        }
        return sendDatagram(c, src, off, len, flags, to);
    }

    private int write(Core c, ByteBuffer buf, int flags, boolean all, String op) throws SocketError {
        long deadline = deadline();
        if (c.state == State.CONNECTING) {
            // Linux: a non-blocking send during connect says EAGAIN; a blocking one waits for it.
            if (timeoutNanos == 0 || (flags & MSG_DONTWAIT) != 0) {
                throw wouldBlock(op);
            }
            while (!finishConnectOrThrow(c)) {
                await(c, SelectionKey.OP_CONNECT, deadline, op);
            }
        }
        if (c.state != State.CONNECTED) {
            throw SocketError.of(Errno.EPIPE); // Linux says EPIPE for a stream socket that never connected
        }
        int total = buf.remaining();
        boolean dontWait = (flags & MSG_DONTWAIT) != 0;
        SocketChannel sc = (SocketChannel) c.ch;
        while (true) {
            try {
                sc.write(buf);
            } catch (java.nio.channels.ClosedChannelException e) {
                // The JDK says "closed" after our own shutdown(SHUT_WR); the kernel says EPIPE.
                throw sc.isOpen() ? SocketError.of(Errno.EPIPE) : fail(op, e);
            } catch (IOException | RuntimeException e) {
                throw fail(op, e);
            }
            int sent = total - buf.remaining();
            if (!buf.hasRemaining() || (!all && sent > 0)) {
                if (tracing()) {
                    trace(op, sent + " bytes");
                }
                return sent;
            }
            if (dontWait || timeoutNanos == 0) {
                if (sent > 0 && !all) {
                    return sent;
                }
                throw wouldBlock(op);
            }
            await(c, SelectionKey.OP_WRITE, deadline, op);
        }
    }

    private int sendDatagram(Core c, byte[] src, int off, int len, int flags, SocketAddress to) throws SocketError {
        DatagramChannel dc = (DatagramChannel) c.ch;
        if (to == null && !dc.isConnected()) {
            throw new SocketError(Errno.EDESTADDRREQ);
        }
        if (len > 65507 && family == AF_INET) {
            throw new SocketError(Errno.EMSGSIZE);
        }
        if (to != null) {
            checkPolicy(NetworkPolicy.Operation.SEND, to);
        }
        long deadline = deadline();
        while (true) {
            int n;
            try {
                ByteBuffer buf = ByteBuffer.wrap(src, off, len);
                n = to == null ? dc.write(buf) : dc.send(buf, to);
            } catch (IOException | RuntimeException e) {
                throw fail("sendto", e);
            }
            if (n > 0 || len == 0) {
                if (tracing()) {
                    trace("sendto", n + " bytes to " + SocketModule.describe(to != null ? to : remote(c)));
                }
                return n;
            }
            if ((flags & MSG_DONTWAIT) != 0 || timeoutNanos == 0) {
                throw wouldBlock("sendto");
            }
            await(c, SelectionKey.OP_WRITE, deadline, "sendto");
        }
    }

    /** shutdown(SHUT_RD | SHUT_WR | SHUT_RDWR): SHUT_WR sends a real FIN. */
    @HostAccess.Export
    public void shutdown(int how) throws SocketError {
        Core c = open();
        if (how < SHUT_RD || how > SHUT_RDWR) {
            throw new SocketError(Errno.EINVAL);
        }
        if (!(c.ch instanceof SocketChannel sc) || c.state != State.CONNECTED) {
            if (c.ch instanceof DatagramChannel dc && dc.isConnected()) {
                return; // Linux accepts it and UDP has nothing to send; java.nio has no call for it
            }
            throw new SocketError(Errno.ENOTCONN);
        }
        try {
            if (how != SHUT_WR) {
                sc.shutdownInput();
                c.inputShut = true;
            }
            if (how != SHUT_RD) {
                sc.shutdownOutput();
                c.outputShut = true;
            }
        } catch (IOException | RuntimeException e) {
            throw fail("shutdown", e);
        }
        trace("shutdown", how == SHUT_RD ? "SHUT_RD" : how == SHUT_WR ? "SHUT_WR" : "SHUT_RDWR");
    }

    // ---------------------------------------------------------------- options

    @HostAccess.Export
    public void setsockopt(int level, int opt, int value) throws SocketError {
        Core c = open();
        c.options.set((NetworkChannel) c.ch, level, opt, value);
        trace("setsockopt", level + "," + opt + "=" + value);
    }

    @HostAccess.Export
    public void setsockoptBytes(int level, int opt, byte[] array, int length) throws SocketError {
        Core c = open();
        byte[] value = java.util.Arrays.copyOf(array, length);
        c.options.set((NetworkChannel) c.ch, level, opt, value);
        trace("setsockopt", level + "," + opt + "=<" + value.length + " bytes>");
    }

    @HostAccess.Export
    public int getsockopt(int level, int opt) throws SocketError {
        Core c = open();
        if (level == SOL_SOCKET) {
            switch (opt) {
                case SO_TYPE:
                    return type;
                case SO_DOMAIN:
                    return family;
                case SO_PROTOCOL:
                    return proto != 0 ? proto : family == AF_UNIX ? 0 : type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
                case SO_ACCEPTCONN:
                    return c.state == State.LISTENING ? 1 : 0;
                case SO_ERROR: {
                    if (c.state == State.CONNECTING) {
                        finishConnect(c);
                    }
                    int e = c.soError;
                    c.soError = 0;
                    return e;
                }
                default:
                    break;
            }
        }
        return c.options.get((NetworkChannel) c.ch, level, opt);
    }

    @HostAccess.Export
    public byte[] getsockoptBytes(int level, int opt, int buflen) throws SocketError {
        Core c = open();
        if (buflen <= 0 || buflen > 1024) {
            throw new SocketError(Errno.EINVAL);
        }
        if (level == SOL_SOCKET && opt != SO_LINGER) {
            int v = getsockopt(level, opt);
            byte[] b = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(v).array();
            return java.util.Arrays.copyOf(b, Math.min(4, buflen));
        }
        return c.options.getBytes((NetworkChannel) c.ch, level, opt, buflen);
    }

    // ---------------------------------------------------------------- lifetime

    /** A new descriptor on the same connection (Python's {@code dup()}). */
    @HostAccess.Export
    public PySocket dup() throws SocketError {
        Core c = open();
        synchronized (c) {
            c.refs++;
        }
        PySocket s = new PySocket(family, type, proto, c, timeoutNanos, owner);
        trace("dup", "-> fd=" + s.fd);
        return s;
    }

    @HostAccess.Export
    public boolean isClosed() {
        return fd < 0;
    }

    /** Closes this descriptor; the connection closes with its last descriptor. Idempotent. */
    @HostAccess.Export
    @Override
    public void close() {
        int f;
        synchronized (this) {
            f = fd;
            if (f < 0) {
                return;
            }
            fd = -1;
            table.release(f);
        }
        LiveSockets.remove(this);
        SocketModule o = owner;
        if (o != null) {
            o.untrack(this);
        }
        boolean last;
        synchronized (core) {
            last = --core.refs == 0;
        }
        if (last) {
            core.state = State.CLOSED;
            closeQuietly(core.ch);
            Poller.forget(core.ch);
            closeSelectors(core); // wakes a thread blocked in this socket and frees the fd at once
            // An AF_UNIX socket file stays, as with CPython: scripts unlink it themselves.
        }
        java.io.PrintStream p = traceOutput();
        if (p != null) {
            SocketTrace.log(p, f, "close", "");
        }
    }

    // ---------------------------------------------------------------- Java callers
    // The same socket in Java style: typed addresses, byte[] results, Duration timeouts, streams.
    // Python reaches none of these (they are not exported); each goes through the calls above, so
    // the blocking/timeout rule, the errno table, the policy and the trace are the same.

    /**
     * A received datagram: its bytes and who sent it (null if the socket cannot tell).
     *
     * <pre>{@code
     * PySocket.Datagram d = udp.recvfrom(2048);
     * udp.sendto(d.data(), d.sender());   // echo it back
     * }</pre>
     */
    public record Datagram(byte[] data, SocketAddress sender) {
    }

    /** A new TCP/IPv4 socket: {@code PySocket.open(AF_INET, SOCK_STREAM)}. */
    public static PySocket tcp() throws SocketError {
        return open(AF_INET, SOCK_STREAM);
    }

    /** A new UDP/IPv4 socket: {@code PySocket.open(AF_INET, SOCK_DGRAM)}. */
    public static PySocket udp() throws SocketError {
        return open(AF_INET, SOCK_DGRAM);
    }

    /**
     * A connected stream socket, like Python's {@code socket.create_connection(address, timeout)}:
     * the family follows the address, and {@code timeout} (null: blocking) bounds the connect and
     * stays set on the socket.
     */
    public static PySocket createConnection(SocketAddress address, Duration timeout) throws SocketError {
        PySocket s = open(familyOf(address), SOCK_STREAM);
        try {
            s.setTimeout(timeout);
            s.connect(address);
            return s;
        } catch (SocketError | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * A listening stream socket, like Python's {@code socket.create_server(address, backlog=...)}
     * (SO_REUSEADDR on, as create_server sets it on Linux). Port 0 picks a free port; ask
     * {@link #localAddress()} which.
     */
    public static PySocket createServer(SocketAddress address, int backlog) throws SocketError {
        PySocket s = open(familyOf(address), SOCK_STREAM);
        try {
            if (!(address instanceof UnixDomainSocketAddress)) {
                s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
            }
            s.bind(address);
            s.listen(backlog);
            return s;
        } catch (SocketError | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static int familyOf(SocketAddress address) throws SocketError {
        if (address instanceof UnixDomainSocketAddress) {
            return AF_UNIX;
        }
        if (address instanceof InetSocketAddress isa) {
            return isa.getAddress() instanceof java.net.Inet6Address ? AF_INET6 : AF_INET;
        }
        throw new SocketError(Errno.EAFNOSUPPORT);
    }

    /**
     * A Java address as this socket's family takes it, through the same checks and resolver as
     * Python's (host, port): an unresolved {@link InetSocketAddress} (see
     * {@link InetSocketAddress#createUnresolved}) is resolved by pysock's {@link Resolver}.
     */
    private SocketAddress toAddress(SocketAddress address) throws SocketError {
        if (address instanceof UnixDomainSocketAddress u) {
            requireUnix();
            return unixAddress(u.getPath().toString());
        }
        if (address instanceof InetSocketAddress isa) {
            String host;
            int scope = 0;
            if (isa.isUnresolved()) {
                host = isa.getHostString();
            } else {
                host = isa.getAddress().getHostAddress();
                int pct = host.indexOf('%');
                host = pct >= 0 ? host.substring(0, pct) : host;
                scope = isa.getAddress() instanceof java.net.Inet6Address a6 ? a6.getScopeId() : 0;
            }
            return SocketModule.inetAddress(family, host, isa.getPort(), scope);
        }
        throw new SocketError(address == null ? Errno.EINVAL : Errno.EAFNOSUPPORT);
    }

    /** Binds to an {@link InetSocketAddress} (wildcard or a local address) or an AF_UNIX path. */
    public void bind(SocketAddress address) throws SocketError {
        bindTo(toAddress(address), true);
    }

    /** Connects to an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress}, by the socket's timeout. */
    public void connect(SocketAddress address) throws SocketError {
        connectTo(toAddress(address), true);
    }

    /**
     * Like {@link #connect(SocketAddress)} but returns the errno instead of throwing it: 0 once
     * connected, {@link Errno#EINPROGRESS} for a non-blocking start, {@link Errno#ECONNREFUSED}, ...
     * A timeout or a failed name lookup still throws, as in Python.
     */
    public int connectEx(SocketAddress address) throws SocketError {
        return connectTo(toAddress(address), false);
    }

    /** Receives up to {@code bufsize} bytes; an empty array means the peer closed (end of stream). */
    public byte[] recv(int bufsize) throws SocketError {
        return recv(bufsize, 0);
    }

    /** {@link #recv(int)} with flags ({@link SocketConstants#MSG_PEEK}, {@link SocketConstants#MSG_DONTWAIT}). */
    public byte[] recv(int bufsize, int flags) throws SocketError {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recv");
        }
        byte[] buf = new byte[bufsize];
        int n = recvInto(buf, 0, bufsize, flags);
        return n == bufsize ? buf : java.util.Arrays.copyOf(buf, n);
    }

    /** Receives into the whole of {@code buf}; returns the count (0: end of stream). */
    public int recvInto(byte[] buf) throws SocketError {
        return recvInto(buf, 0, buf.length, 0);
    }

    /** Receives one datagram (or, on a stream socket, up to {@code bufsize} bytes) and its sender. */
    public Datagram recvfrom(int bufsize) throws SocketError {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recvfrom");
        }
        Core c = open();
        byte[] buf = new byte[bufsize];
        if (type == SOCK_STREAM) {
            int n = recvInto(buf, 0, bufsize, 0);
            return new Datagram(java.util.Arrays.copyOf(buf, n), remote(c));
        }
        SocketAddress[] from = new SocketAddress[1];
        int n = receiveDatagram(c, buf, 0, bufsize, 0, from);
        return new Datagram(n == bufsize ? buf : java.util.Arrays.copyOf(buf, n), from[0]);
    }

    /** Sends what the socket takes now; returns the count (may be less than {@code data.length}). */
    public int send(byte[] data) throws SocketError {
        return send(data, 0, data.length, 0);
    }

    /** Sends all of {@code data} (one deadline for the whole call when a timeout is set). */
    public void sendall(byte[] data) throws SocketError {
        sendall(data, 0, data.length, 0);
    }

    /** Sends a datagram to {@code to} (on a connected stream socket the address is ignored, as on Linux). */
    public int sendto(byte[] data, SocketAddress to) throws SocketError {
        Core c = open();
        return sendTo(c, data, 0, data.length, 0, real(toAddress(to)));
    }

    /** Sets an integer or boolean option, e.g. {@code setsockopt(SOL_SOCKET, SO_KEEPALIVE, true)}. */
    public void setsockopt(int level, int opt, boolean value) throws SocketError {
        setsockopt(level, opt, value ? 1 : 0);
    }

    /**
     * The timeout rule in Java terms: {@code null} blocks, {@link Duration#ZERO} makes the socket
     * non-blocking ({@link SocketError.WouldBlock}), a positive duration makes blocking calls throw
     * {@link SocketError.Timeout} when it passes. The same state as Python's {@code settimeout}.
     */
    public void setTimeout(Duration timeout) throws SocketError {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("Timeout value out of range");
        }
        open();
        timeoutNanos = timeout == null ? -1 : saturatedNanos(timeout);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** The timeout: null when blocking, {@link Duration#ZERO} when non-blocking. */
    public Duration getTimeout() {
        long t = timeoutNanos;
        return t < 0 ? null : Duration.ofNanos(t);
    }

    /**
     * A stream view of a connected stream socket, like Python's {@code makefile('rb')}: reads
     * follow the socket's timeout rule ({@link SocketError.Timeout} is an {@link IOException}, and
     * the stream stays usable after it), and return -1 once the peer has closed. Closing the
     * stream does not close the socket.
     */
    public InputStream getInputStream() throws SocketError {
        open();
        requireStream();
        return new InputStream() {
            private volatile boolean closed;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (closed) {
                    throw new IOException("stream closed");
                }
                if (len == 0) {
                    return 0;
                }
                int n = recvInto(b, off, len, 0);
                return n == 0 ? -1 : n;
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    /**
     * The writing half, like Python's {@code makefile('wb', buffering=0)}: each write is a
     * {@code sendall} (timeouts apply); closing the stream does not close the socket.
     */
    public OutputStream getOutputStream() throws SocketError {
        open();
        requireStream();
        return new OutputStream() {
            private volatile boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (closed) {
                    throw new IOException("stream closed");
                }
                sendall(b, off, len, 0);
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    private void requireStream() throws SocketError {
        if (type != SOCK_STREAM) {
            throw SocketError.unsupported(Errno.EOPNOTSUPP, "streams are for SOCK_STREAM sockets");
        }
    }

    /**
     * Whether a script run owns this socket: the run closes it when it ends, and Python closes it
     * when its last reference goes. Sockets Java made, and sockets taken back from Python through
     * the embedding API, are owned by Java: only an explicit {@code close()} (from either side)
     * closes them.
     */
    @HostAccess.Export
    public boolean isScriptOwned() {
        return owner != null;
    }

    /**
     * Takes this socket (and nothing else) away from the script run that made it: it stays open
     * when the run ends; Java closes it. Both sides keep sharing it: the run keeps reaching it by
     * its number (now as a socket lent to it), and stopping the run still wakes its waits.
     */
    public PySocket detachFromScript() {
        SocketModule o = owner;
        owner = null;
        if (o != null) {
            o.untrack(this);
            o.lend(this);
        }
        return this;
    }

    /** The java.nio channel, for Java code that wants to go lower (e.g. register with its own Selector). */
    public SelectableChannel channel() {
        return core.ch;
    }

    /** Whether the socket listens (after {@link #listen}). */
    public boolean isListening() {
        return core.state == State.LISTENING;
    }

    @Override
    public String toString() {
        return "PySocket[fd=" + fd + ", family=" + family + ", type=" + type + ", state=" + core.state + "]";
    }

    // ---------------------------------------------------------------- readiness, for Poller

    /**
     * The poll() bits known without asking a selector: what java.nio cannot report (bytes kept by
     * MSG_PEEK, our own shutdowns, a pending SO_ERROR, an unconnected stream socket) or a closed
     * descriptor (POLLNVAL).
     */
    int readyNow() {
        Core c = core;
        if (fd < 0 || c.state == State.CLOSED) {
            return Poller.POLLNVAL;
        }
        int r = 0;
        ByteBuffer p = c.peeked;
        if (p != null && p.hasRemaining()) {
            r |= Poller.POLLIN;
        }
        if (c.soError != 0) {
            r |= Poller.POLLERR;
        }
        if (type == SOCK_STREAM) {
            switch (c.state) {
                // Linux reports an unconnected stream socket as writable and hung up.
                case FRESH, BOUND -> r |= Poller.POLLOUT | Poller.POLLHUP | (c.connectFailed ? Poller.POLLIN : 0);
                case CONNECTED -> {
                    if (c.eofSeen) {
                        r |= Poller.POLLIN | Poller.POLLRDHUP;
                    }
                    if (c.inputShut) {
                        r |= Poller.POLLIN | Poller.POLLRDHUP;
                    }
                    if (c.outputShut) {
                        r |= Poller.POLLOUT; // a write fails at once (EPIPE): it does not block
                        if (c.eofSeen || c.inputShut) {
                            r |= Poller.POLLHUP;
                        }
                    }
                }
                default -> {
                }
            }
        }
        return r;
    }

    /** The java.nio interest set that answers {@code events} (POLLIN/POLLOUT) in the current state. */
    int interestOps(int events) {
        Core c = core;
        boolean in = (events & (Poller.POLLIN | Poller.POLLRDNORM)) != 0;
        boolean out = (events & (Poller.POLLOUT | Poller.POLLWRNORM)) != 0;
        if (type == SOCK_DGRAM) {
            return (in ? SelectionKey.OP_READ : 0) | (out ? SelectionKey.OP_WRITE : 0);
        }
        return switch (c.state) {
            case LISTENING -> in ? SelectionKey.OP_ACCEPT : 0;
            // A connect that completes or fails answers both: Linux flags a failed one readable too.
            case CONNECTING -> in || out ? SelectionKey.OP_CONNECT : 0;
            case CONNECTED -> (in && !c.inputShut ? SelectionKey.OP_READ : 0)
                    | (out && !c.outputShut ? SelectionKey.OP_WRITE : 0);
            default -> 0;
        };
    }

    /** poll() bits for the java.nio ready set of this socket's channel. */
    int readyFrom(int readyOps, int events) {
        int r = 0;
        if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            r |= Poller.POLLIN;
            if ((events & Poller.POLLRDHUP) != 0 && (readyOps & SelectionKey.OP_READ) != 0 && probeEof()) {
                r |= Poller.POLLRDHUP;
            }
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            r |= Poller.POLLOUT;
        }
        if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
            // The kernel finished the handshake; the socket's state follows now, as it would in C.
            if (finishConnect(core)) {
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
        Core c = core;
        if (c.eofSeen) {
            return true;
        }
        synchronized (this) {
            ByteBuffer p = c.peeked;
            if (type != SOCK_STREAM || c.state != State.CONNECTED || (p != null && p.hasRemaining())) {
                return false;
            }
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                int n = ((SocketChannel) c.ch).read(buf);
                if (n < 0) {
                    c.eofSeen = true;
                    return true;
                }
                buf.flip();
                c.peeked = buf;
            } catch (IOException | RuntimeException e) {
                return false; // the error shows on the next recv
            }
            return false;
        }
    }

    // ---------------------------------------------------------------- the one wait

    private long deadline() {
        long t = timeoutNanos;
        return t < 0 ? Long.MIN_VALUE : System.nanoTime() + t;
    }

    /**
     * Waits until the channel is ready for {@code ops}, the deadline passes (Timeout), the socket
     * is closed by another thread (EBADF) or Ctrl-C arrives (EINTR). Non-blocking sockets never
     * get here: they raise EAGAIN at once.
     */
    private void await(Core c, int ops, long deadline, String op) throws SocketError {
        if (timeoutNanos == 0) {
            throw wouldBlock(op);
        }
        long wait = 0;
        if (deadline != Long.MIN_VALUE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                trace(op, "-> timed out");
                throw new SocketError.Timeout();
            }
            wait = Math.max(1, (left + 999_999) / 1_000_000);
        }
        Selector sel;
        InterruptScope.Wait interrupts = InterruptScope.begin(interruptScopes());
        try {
            synchronized (c) {
                if (c.state == State.CLOSED) {
                    throw new SocketError(Errno.EBADF);
                }
                boolean reading = (ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0;
                if (reading) {
                    if (c.readSelector == null) {
                        c.readSelector = Selector.open();
                    }
                    sel = c.readSelector;
                } else {
                    if (c.writeSelector == null) {
                        c.writeSelector = Selector.open();
                    }
                    sel = c.writeSelector;
                }
                SelectionKey key = c.ch.keyFor(sel);
                if (key == null) {
                    c.ch.register(sel, ops);
                } else {
                    key.interestOps(ops);
                }
            }
            interrupts.enter(sel);
            try {
                sel.select(wait);
                sel.selectedKeys().clear();
            } finally {
                interrupts.exit();
            }
        } catch (java.nio.channels.ClosedSelectorException | java.nio.channels.CancelledKeyException e) {
            throw new SocketError(Errno.EBADF);
        } catch (IOException e) {
            throw SocketError.from(e);
        }
        if (c.state == State.CLOSED || fd < 0) {
            throw new SocketError(Errno.EBADF);
        }
        if (interrupts.interrupted()) {
            throw new SocketError(Errno.EINTR);
        }
    }

    /** Whose interrupts wake a wait on this socket: its run's, or those of the runs it is lent to. */
    private Iterable<InterruptScope> interruptScopes() {
        SocketModule o = owner;
        if (o != null) {
            return java.util.List.of(o.interrupts());
        }
        if (borrowers.isEmpty()) {
            return java.util.List.of();
        }
        java.util.List<InterruptScope> l = new java.util.ArrayList<>();
        for (SocketModule b : borrowers) {
            l.add(b.interrupts());
        }
        return l;
    }

    private static void closeSelectors(Core c) {
        Selector r = c.readSelector, w = c.writeSelector;
        c.readSelector = null;
        c.writeSelector = null;
        closeQuietly(r);
        closeQuietly(w);
    }

    // ---------------------------------------------------------------- helpers

    /** The one place a script run's {@link NetworkPolicy} is asked; Java's own sockets are not checked. */
    private void checkPolicy(NetworkPolicy.Operation op, SocketAddress addr) throws SocketError {
        SocketModule o = owner;
        if (o == null) {
            return;
        }
        try {
            o.policy().check(op, addr);
        } catch (SocketError e) {
            trace(op.name().toLowerCase(java.util.Locale.ROOT), SocketModule.describe(addr), e);
            throw e;
        }
    }

    private Core open() throws SocketError {
        if (fd < 0 || core.state == State.CLOSED) {
            throw new SocketError(Errno.EBADF);
        }
        return core;
    }

    private void requireUnix() throws SocketError {
        if (family != AF_UNIX) {
            throw new SocketError(Errno.EAFNOSUPPORT);
        }
    }

    private static SocketAddress unixAddress(String path) throws SocketError {
        if (path.isEmpty() || path.charAt(0) == '\0') {
            throw SocketError.unsupported(Errno.EOPNOTSUPP, "java.nio has no abstract AF_UNIX addresses");
        }
        if (path.length() > 107) {
            throw new SocketError(Errno.EINVAL, "AF_UNIX path too long");
        }
        return UnixDomainSocketAddress.of(path);
    }

    private SocketError wouldBlock(String op) {
        if (tracing()) {
            trace(op, "-> EAGAIN");
        }
        return new SocketError.WouldBlock(Errno.EAGAIN);
    }

    private SocketError fail(String op, Throwable t) {
        SocketError e = SocketError.from(t);
        trace(op, "", e);
        return e;
    }

    /** Where this socket's trace goes: its script run's trace stream (sockets of no run are not traced). */
    private java.io.PrintStream traceOutput() {
        SocketModule o = owner;
        return o != null ? o.traceOutput() : null;
    }

    private boolean tracing() {
        return traceOutput() != null;
    }

    private void trace(String op, String detail) {
        java.io.PrintStream p = traceOutput();
        if (p != null) {
            SocketTrace.log(p, fd, op, detail);
        }
    }

    private void trace(String op, String detail, SocketError e) {
        java.io.PrintStream p = traceOutput();
        if (p != null) {
            SocketTrace.error(p, fd, op + (detail.isEmpty() ? "" : " " + detail), e);
        }
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing is best effort; the descriptor is gone from pysock's table already
            }
        }
    }
}
