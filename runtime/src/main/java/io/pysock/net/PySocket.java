package io.pysock.net;

import static io.pysock.net.SocketConstants.*;


import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 * As on Linux, "not at all" is the descriptor's O_NONBLOCK flag, which a timeout of 0 or more sets
 * and {@code null} clears; the flag belongs to the connection, so dup()s share it (a dup made
 * non-blocking makes a blocking one's calls {@link SocketError.WouldBlock} too, as with CPython).
 *
 * <h2>Stream sockets and their channel</h2>
 * A new stream socket owns an unbound {@link SocketChannel}, so bind() really binds (getsockname()
 * tells the port at once) and options can be read before connect. listen() moves the bound address
 * to a {@link java.nio.channels.ServerSocketChannel}: java.nio has no socket that can be either.
 *
 * <h2>Where things are</h2>
 * This class is the front: the descriptor (number, owner, timeout) and one short method per call.
 * What the socket does lives in its {@link SocketCore} (shared with its dup()s) and the core's
 * {@link Transport} for its kind: {@link StreamTransport}, {@link ListenerTransport},
 * {@link DatagramTransport}. Every wait is decided by a {@link Waiter}; bind's extras are in
 * {@link Binding}; address forms in {@link Addresses}. docs/architecture.md has the picture.
 */
public final class PySocket implements Closeable {
    private final int family;
    private final int type;
    private final int proto;
    private final SocketCore core;
    // The descriptor: its own number, owner and timeout (a dup() has its own). fd and table
    // change together under this object's monitor.
    private volatile int fd;
    private volatile FdTable table; // where fd is numbered: the owning run's, or Java callers'
    private volatile long timeoutNanos; // -1: blocking; 0: non-blocking; > 0: timeout
    private volatile SocketModule owner; // the script run that holds this socket, if any
    // The policy of the run that made this socket, kept apart from the owner: handing the socket
    // to Java (Endpoints.put, java.export) must not let the script use it unchecked. Null: Java's.
    private volatile NetworkPolicy policy;
    /** Runs Java lent this socket to: they can reach its number, and interrupting them wakes its waits. */
    private final Set<SocketModule> borrowers = ConcurrentHashMap.newKeySet();
    /** The timeout sockets Java callers open get ({@link #setDefaultTimeout}); a run has its own. */
    private static volatile long javaDefaultTimeoutNanos = -1;

    /** A descriptor on {@code core}, numbered in {@code run}'s table and owned by it, or Java callers' ({@code run} null). */
    private PySocket(int proto, SocketCore core, long timeoutNanos, SocketModule run, NetworkPolicy policy) throws SocketError {
        this(proto, core, timeoutNanos, run, policy, -1);
    }

    /** The same, numbered {@code at} (os.dup2; EBUSY if another thread took that number meanwhile), or the lowest free number if -1. */
    private PySocket(int proto, SocketCore core, long timeoutNanos, SocketModule run, NetworkPolicy policy, int at)
            throws SocketError {
        this.family = core.family;
        this.type = core.type;
        this.proto = proto;
        this.core = core;
        this.timeoutNanos = timeoutNanos;
        this.table = run == null ? FdTable.JAVA : run.fds();
        if (at < 0) {
            this.fd = table.allocate(this);
        } else if (table.allocateAt(at, this)) {
            this.fd = at;
        } else {
            throw new SocketError(Errno.EBUSY);
        }
        this.policy = policy;
        LiveSockets.add(this);
        ownedBy(run);
    }

    /** A descriptor that is closed from the start: see {@link #detachedView}. */
    private PySocket(PySocket of) {
        this.family = of.family;
        this.type = of.type;
        this.proto = of.proto;
        this.core = of.core;
        this.timeoutNanos = of.timeoutNanos;
        this.table = FdTable.JAVA;
        this.fd = -1;
        this.policy = of.policy;
    }

    /**
     * What a Python socket object holds after {@code detach()}: closed (fileno -1, EBADF for every
     * call) but still of the socket's family, type and proto, as CPython's detached socket is. It
     * holds no number and no reference on the connection, which the detached fd keeps.
     */
    static PySocket detachedView(PySocket s) {
        return new PySocket(s);
    }

    private static NetworkPolicy policyOf(SocketModule run) {
        return run == null ? null : run.policy();
    }

    private static long defaultTimeoutOf(SocketModule run) {
        return run == null ? javaDefaultTimeoutNanos : run.defaultTimeoutNanos();
    }

    /**
     * The timeout of sockets Java code opens from now on (null: blocking, zero: non-blocking).
     * A script's {@code socket.setdefaulttimeout()} is its run's own and does not change this.
     */
    public static void setDefaultTimeout(Duration timeout) {
        javaDefaultTimeoutNanos = Deadline.nanos(timeout);
    }

    /** The timeout of sockets Java code opens (null: blocking). */
    public static Duration defaultTimeout() {
        long t = javaDefaultTimeoutNanos;
        return t < 0 ? null : Duration.ofNanos(t);
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
        SocketCore core = SocketCore.create(family, type, proto);
        long timeout = (type & SOCK_NONBLOCK) != 0 ? 0 : defaultTimeoutOf(run);
        core.setNonBlockingFile(timeout >= 0);
        PySocket s = new PySocket(proto, core, timeout, run, policyOf(run));
        s.trace("socket", "family=" + family + " type=" + core.type);
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
     * Makes {@code run} the owner of this socket if no run owns it (a connection accepted on a
     * listener Java lent the run, a dup of a lent socket): it gets a number in the run's table, as
     * a descriptor the script made itself. Nobody has seen its old number yet.
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
        if (policy == null) {
            policy = run.policy(); // Java's socket becomes the run's: the run's rules from now on
        }
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

    /** Seconds, or null for a blocking socket (Python's {@code gettimeout()}; Java's is {@link #getTimeout()}). */
    @HostAccess.Export
    public Double gettimeout() {
        long t = timeoutNanos;
        return t < 0 ? null : t / 1e9;
    }

    /** Python's {@code settimeout}: null blocks, 0 makes the socket non-blocking, seconds are a timeout. */
    @HostAccess.Export
    public void settimeout(Double seconds) throws SocketError {
        if (seconds != null && (seconds < 0 || seconds.isNaN())) {
            ensureOpen();
            throw new IllegalArgumentException("Timeout value out of range");
        }
        setTimeoutNanos(Deadline.nanos(seconds));
    }

    @HostAccess.Export
    public void setblocking(boolean flag) throws SocketError {
        setTimeoutNanos(flag ? -1 : 0);
    }

    @HostAccess.Export
    public boolean getblocking() {
        return timeoutNanos != 0;
    }

    private void setTimeoutNanos(long nanos) throws SocketError {
        SocketCore c = ensureOpen();
        timeoutNanos = nanos;
        c.setNonBlockingFile(nanos >= 0); // as CPython: O_NONBLOCK whenever there is a timeout
    }

    /**
     * The timeout a Python socket object made with {@code socket(fileno=fd)} starts with (the
     * default timeout): as in CPython, a default timeout sets the descriptor's O_NONBLOCK, and
     * None leaves it as it is (a non-blocking descriptor stays non-blocking).
     */
    @HostAccess.Export
    public void initTimeout(Double seconds) throws SocketError {
        long nanos = Deadline.nanos(seconds);
        if (nanos >= 0) {
            setTimeoutNanos(nanos);
        } else {
            ensureOpen();
            timeoutNanos = nanos;
        }
    }

    /** Whether the descriptor stays open in a child process (FD_CLOEXEC clear); new ones do not, as in Python. */
    @HostAccess.Export
    public boolean isInheritable() {
        return table.isInheritable(fd);
    }

    @HostAccess.Export
    public void setInheritable(boolean on) throws SocketError {
        ensureOpen();
        table.setInheritable(fd, on);
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    // ---------------------------------------------------------------- addresses

    /** Binds to an IP address (a literal; "" is every interface) and port. */
    @HostAccess.Export
    public void bind(String host, int port) throws SocketError {
        PortMap map = Binding.portMap(this);
        if (map != null && port != 0) {
            Binding.bindIsolated(this, map, host, port);
        } else {
            Binding.bind(this, inet(host, port, 0), true);
        }
    }

    /** Binds an AF_UNIX socket to a path. */
    @HostAccess.Export
    public void bindUnix(String path) throws SocketError {
        requireUnix();
        Binding.bind(this, Addresses.unix(path), true);
    }

    @HostAccess.Export
    public void listen(int backlog) throws SocketError {
        SocketCore c = ensureOpen();
        if (c.transport().listen(new Waiter(this, "listen", 0), backlog)) {
            trace("listen", Addresses.describe(c.transport().local()) + " backlog=" + backlog);
            Binding.nowServing(this);
        }
    }

    /** Accepts a connection: the new socket (blocking or not by the default timeout). */
    @HostAccess.Export
    public PySocket accept() throws SocketError {
        SocketCore c = ensureOpen();
        SocketChannel ch = c.transport().accept(new Waiter(this, "accept", 0));
        SocketCore accepted;
        try {
            accepted = SocketCore.accepted(family, ch, c.options.inherit());
        } catch (SocketError e) {
            throw fail("accept", e);
        }
        SocketModule run = owner;
        long timeout = defaultTimeoutOf(run);
        accepted.setNonBlockingFile(timeout >= 0); // as CPython's socket(fileno=) of the accepted fd
        PySocket s = new PySocket(proto, accepted, timeout, run, policy);
        if (tracing()) {
            trace("accept", "-> fd=" + s.fd + " peer=" + Addresses.describe(accepted.transport().remote()));
        }
        return s;
    }

    @HostAccess.Export
    public void connect(String host, int port) throws SocketError {
        connectTo(inet(host, port, 0), true);
    }

    /** IPv6 form with a scope id (interface index), as the 4-tuple address gives it. */
    @HostAccess.Export
    public void connect6(String host, int port, int scopeId) throws SocketError {
        connectTo(inet(host, port, scopeId), true);
    }

    @HostAccess.Export
    public void connectUnix(String path) throws SocketError {
        requireUnix();
        connectTo(Addresses.unix(path), true);
    }

    /** Like connect, but returns the errno (0 on success) instead of raising it. */
    @HostAccess.Export
    public int connectEx(String host, int port) throws SocketError {
        return connectTo(inet(host, port, 0), false);
    }

    /** connect_ex with an IPv6 scope id. */
    @HostAccess.Export
    public int connect6Ex(String host, int port, int scopeId) throws SocketError {
        return connectTo(inet(host, port, scopeId), false);
    }

    @HostAccess.Export
    public int connectUnixEx(String path) throws SocketError {
        requireUnix();
        return connectTo(Addresses.unix(path), false);
    }

    /** connect, or connect_ex ({@code raise} false): a timeout and a failed lookup still raise, as in CPython. */
    private int connectTo(SocketAddress addr, boolean raise) throws SocketError {
        try {
            SocketCore c = ensureOpen();
            SocketAddress to = Binding.real(this, addr);
            checkPolicy(NetworkPolicy.Operation.CONNECT, to);
            c.transport().connect(new Waiter(this, "connect", 0), to);
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

    /** Python's getsockname() value: an InetSocketAddress, a UnixDomainSocketAddress, or the unbound form. */
    public SocketAddress localAddress() throws SocketError {
        SocketAddress a = ensureOpen().transport().local();
        if (a == null) {
            return family == AF_UNIX ? UnixDomainSocketAddress.of("") : Addresses.inetAddress(family, "", 0, 0);
        }
        return a;
    }

    public SocketAddress remoteAddress() throws SocketError {
        SocketAddress a = ensureOpen().transport().remote();
        if (a == null) {
            throw new SocketError(Errno.ENOTCONN);
        }
        return a;
    }

    /** getsockname() as Python's address form: (host, port), (host, port, flow, scope) or a path. */
    @HostAccess.Export
    public Object getsockname() throws SocketError {
        return Addresses.pythonAddress(family, Binding.visible(this, localAddress()));
    }

    @HostAccess.Export
    public Object getpeername() throws SocketError {
        return Addresses.pythonAddress(family, Binding.visible(this, remoteAddress()));
    }

    // ---------------------------------------------------------------- data

    /**
     * Receives up to {@code len} bytes into {@code dst}: the bulk path Python's recv and recv_into
     * use (one array copy, no per-byte crossing). Returns 0 at end of stream.
     */
    @HostAccess.Export
    public int recvInto(byte[] dst, int off, int len, int flags) throws SocketError {
        SocketCore c = ensureOpen();
        if (len < 0 || off < 0 || off + len > dst.length) {
            throw new SocketError(Errno.EINVAL);
        }
        return c.transport().read(new Waiter(this, "recv", flags), dst, off, len, flags, null);
    }

    /** recvfrom: fills {@code dst} and returns the sender's address in Python form (null if none). */
    @HostAccess.Export
    public Object[] recvfromInto(byte[] dst, int off, int len, int flags) throws SocketError {
        SocketAddress[] from = new SocketAddress[1];
        int n = receive(dst, off, len, flags, from);
        return new Object[] {n, from[0] == null ? null : Addresses.pythonAddress(family, Binding.visible(this, from[0]))};
    }

    private int receive(byte[] dst, int off, int len, int flags, SocketAddress[] from) throws SocketError {
        SocketCore c = ensureOpen();
        if (len < 0 || off < 0 || off + len > dst.length) {
            throw new SocketError(Errno.EINVAL);
        }
        return c.transport().read(new Waiter(this, "recvfrom", flags), dst, off, len, flags, from);
    }

    /** Sends what the socket takes now (at least one byte unless non-blocking); returns the count. */
    @HostAccess.Export
    public int send(byte[] src, int off, int len, int flags) throws SocketError {
        return write("send", src, off, len, flags, false, null);
    }

    /** Sends every byte, or raises; one deadline for the whole call, as CPython 3.5+. */
    @HostAccess.Export
    public void sendall(byte[] src, int off, int len, int flags) throws SocketError {
        write("sendall", src, off, len, flags, true, null);
    }

    /** Sends a datagram to (host, port); on a connected stream socket the address is ignored, as on Linux. */
    @HostAccess.Export
    public int sendto(byte[] src, int off, int len, int flags, String host, int port) throws SocketError {
        ensureOpen();
        SocketAddress to = Binding.real(this, inet(host, port, 0));
        return write("sendto", src, off, len, flags, false, to);
    }

    private int write(String op, byte[] src, int off, int len, int flags, boolean all, SocketAddress to)
            throws SocketError {
        SocketCore c = ensureOpen();
        return c.transport().write(new Waiter(this, op, flags), ByteBuffer.wrap(src, off, len), flags, all, to);
    }

    /** shutdown(SHUT_RD | SHUT_WR | SHUT_RDWR): SHUT_WR sends a real FIN. */
    @HostAccess.Export
    public void shutdown(int how) throws SocketError {
        SocketCore c = ensureOpen();
        if (how < SHUT_RD || how > SHUT_RDWR) {
            throw new SocketError(Errno.EINVAL);
        }
        try {
            c.transport().shutdown(how);
        } catch (SocketError e) {
            throw e;
        } catch (java.io.IOException | RuntimeException e) {
            throw fail("shutdown", e);
        }
        trace("shutdown", how == SHUT_RD ? "SHUT_RD" : how == SHUT_WR ? "SHUT_WR" : "SHUT_RDWR");
    }

    // ---------------------------------------------------------------- options

    @HostAccess.Export
    public void setsockopt(int level, int opt, int value) throws SocketError {
        SocketCore c = ensureOpen();
        c.options.set(c.transport().network(), level, opt, value);
        trace("setsockopt", level + "," + opt + "=" + value);
    }

    @HostAccess.Export
    public void setsockoptBytes(int level, int opt, byte[] array, int length) throws SocketError {
        SocketCore c = ensureOpen();
        byte[] value = Arrays.copyOf(array, length);
        c.options.set(c.transport().network(), level, opt, value);
        trace("setsockopt", level + "," + opt + "=<" + value.length + " bytes>");
    }

    @HostAccess.Export
    public int getsockopt(int level, int opt) throws SocketError {
        SocketCore c = ensureOpen();
        if (level == SOL_SOCKET) {
            Integer v = c.socketLevelOption(opt, proto);
            if (v != null) {
                return v;
            }
        }
        return c.options.get(c.transport().network(), level, opt);
    }

    @HostAccess.Export
    public byte[] getsockoptBytes(int level, int opt, int buflen) throws SocketError {
        SocketCore c = ensureOpen();
        if (buflen <= 0 || buflen > 1024) {
            throw new SocketError(Errno.EINVAL);
        }
        if (level == SOL_SOCKET && opt != SO_LINGER) {
            int v = getsockopt(level, opt);
            byte[] b = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(v).array();
            return Arrays.copyOf(b, Math.min(4, buflen));
        }
        return c.options.getBytes(c.transport().network(), level, opt, buflen);
    }

    // ---------------------------------------------------------------- lifetime

    /** A new descriptor on the same connection (Python's {@code dup()}): its own timeout, the O_NONBLOCK flag shared. */
    @HostAccess.Export
    public PySocket dup() throws SocketError {
        SocketCore c = ensureOpen();
        c.retain();
        PySocket s = new PySocket(proto, c, timeoutNanos, owner, policy);
        trace("dup", "-> fd=" + s.fd);
        return s;
    }

    /**
     * os.dup2 onto a number of {@code run}'s table, which the caller has just freed: a new
     * descriptor on the same connection, the run's own even when this socket is one Java lent it.
     */
    PySocket dupAt(SocketModule run, int at) throws SocketError {
        SocketCore c = ensureOpen();
        c.retain();
        PySocket s;
        try {
            s = new PySocket(proto, c, timeoutNanos, run, policy != null ? policy : run.policy(), at);
        } catch (SocketError e) {
            c.release();
            throw e;
        }
        trace("dup2", "-> fd=" + s.fd);
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
        core.release();
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
        PySocket s = open(Addresses.familyOf(address), SOCK_STREAM);
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
        PySocket s = open(Addresses.familyOf(address), SOCK_STREAM);
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

    /**
     * Binds to an {@link java.net.InetSocketAddress} (wildcard or a local address) or an AF_UNIX
     * path. An unresolved address is resolved by pysock's {@link Resolver}, as Python's are.
     */
    public void bind(SocketAddress address) throws SocketError {
        Binding.bind(this, Addresses.fromJava(family, address), true);
    }

    /** Connects to an {@link java.net.InetSocketAddress} or a {@link UnixDomainSocketAddress}, by the socket's timeout. */
    public void connect(SocketAddress address) throws SocketError {
        connectTo(Addresses.fromJava(family, address), true);
    }

    /**
     * Like {@link #connect(SocketAddress)} but returns the errno instead of throwing it: 0 once
     * connected, {@link Errno#EINPROGRESS} for a non-blocking start, {@link Errno#ECONNREFUSED}, ...
     * A timeout or a failed name lookup still throws, as in Python.
     */
    public int connectEx(SocketAddress address) throws SocketError {
        return connectTo(Addresses.fromJava(family, address), false);
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
        return n == bufsize ? buf : Arrays.copyOf(buf, n);
    }

    /** Receives into the whole of {@code buf}; returns the count (0: end of stream). */
    public int recvInto(byte[] buf) throws SocketError {
        return recvInto(buf, 0, buf.length, 0);
    }

    /** Receives one datagram (or, on a stream socket, up to {@code bufsize} bytes from the peer) and its sender. */
    public Datagram recvfrom(int bufsize) throws SocketError {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recvfrom");
        }
        byte[] buf = new byte[bufsize];
        SocketAddress[] from = new SocketAddress[1];
        int n = receive(buf, 0, bufsize, 0, from);
        SocketAddress sender = from[0] != null ? from[0] : core.transport().remote();
        return new Datagram(n == bufsize ? buf : Arrays.copyOf(buf, n), sender);
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
        ensureOpen();
        SocketAddress real = Binding.real(this, Addresses.fromJava(family, to));
        return write("sendto", data, 0, data.length, 0, false, real);
    }

    /** Sets an integer or boolean option, e.g. {@code setsockopt(SOL_SOCKET, SO_KEEPALIVE, true)}. */
    public void setsockopt(int level, int opt, boolean value) throws SocketError {
        setsockopt(level, opt, value ? 1 : 0);
    }

    /**
     * Java's {@code settimeout}: {@code null} blocks, {@link Duration#ZERO} makes the socket
     * non-blocking ({@link SocketError.WouldBlock}), a positive duration makes blocking calls throw
     * {@link SocketError.Timeout} when it passes. The same state as Python's {@link #settimeout}.
     */
    public void setTimeout(Duration timeout) throws SocketError {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("Timeout value out of range");
        }
        setTimeoutNanos(Deadline.nanos(timeout));
    }

    /** The timeout: null when blocking, {@link Duration#ZERO} when non-blocking. */
    public Duration getTimeout() {
        long t = timeoutNanos;
        return t < 0 ? null : Duration.ofNanos(t);
    }

    /**
     * A stream view of a connected stream socket, like Python's {@code makefile('rb')}: reads
     * follow the socket's timeout rule ({@link SocketError.Timeout} is an {@link java.io.IOException},
     * and the stream stays usable after it), and return -1 once the peer has closed. Closing the
     * stream does not close the socket.
     */
    public InputStream getInputStream() throws SocketError {
        requireStream();
        return SocketStreams.input(this);
    }

    /**
     * The writing half, like Python's {@code makefile('wb', buffering=0)}: each write is a
     * {@code sendall} (timeouts apply); closing the stream does not close the socket.
     */
    public OutputStream getOutputStream() throws SocketError {
        requireStream();
        return SocketStreams.output(this);
    }

    private void requireStream() throws SocketError {
        ensureOpen();
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
        return core.transport().channel();
    }

    /** Whether the socket listens (after {@link #listen}). */
    public boolean isListening() {
        return !core.isClosed() && core.transport().listening();
    }

    @Override
    public String toString() {
        return "PySocket[fd=" + fd + ", family=" + family + ", type=" + type + ", state="
                + (core.isClosed() ? "CLOSED" : core.transport().getClass().getSimpleName()) + "]";
    }

    // ---------------------------------------------------------------- for the package

    SocketCore core() {
        return core;
    }

    SocketModule owner() {
        return owner;
    }

    /** poll() bits known without a selector, or POLLNVAL for a closed descriptor (see {@link SocketCore#readyNow}). */
    int readyNow() {
        return fd < 0 ? Poller.POLLNVAL : core.readyNow();
    }

    /** The java.nio interest set that answers {@code events} in the socket's current state. */
    int interestOps(int events) {
        return core.transport().interestOps(events);
    }

    /** poll() bits for the java.nio ready set of this socket's channel. */
    int readyFrom(int readyOps, int events) {
        return core.transport().readyFrom(readyOps, events);
    }

    /** Whose interrupts wake a wait on this socket: its run's, or those of the runs it is lent to. */
    Iterable<InterruptScope> interruptScopes() {
        SocketModule o = owner;
        if (o != null) {
            return List.of(o.interrupts());
        }
        if (borrowers.isEmpty()) {
            return List.of();
        }
        List<InterruptScope> l = new ArrayList<>();
        for (SocketModule b : borrowers) {
            l.add(b.interrupts());
        }
        return l;
    }

    /** For pysock's own set-up on the script's behalf (socketpair's private listener): no policy. */
    void exemptFromPolicy() {
        policy = null;
    }

    void restorePolicy(NetworkPolicy p) {
        policy = p;
    }

    /** A script's (host, port): a name is answered as this socket's policy says; a refusal is traced. */
    java.net.InetSocketAddress inet(String host, int port, int scopeId) throws SocketError {
        try {
            return Addresses.inetAddress(family, host, port, scopeId, policy);
        } catch (SocketError.PermissionDenied e) {
            trace("lookup", host, e);
            throw e;
        }
    }

    /**
     * The one place a script run's {@link NetworkPolicy} is asked: the policy of the run that made
     * the socket, whoever owns it now. Java's own sockets are not checked.
     */
    void checkPolicy(NetworkPolicy.Operation op, SocketAddress addr) throws SocketError {
        NetworkPolicy p = policy;
        if (p == null) {
            return;
        }
        try {
            p.check(op, addr);
        } catch (SocketError e) {
            trace(op.name().toLowerCase(Locale.ROOT), Addresses.describe(addr), e);
            throw e;
        }
    }

    /** The core, or EBADF once this descriptor (or the socket) is closed. */
    SocketCore ensureOpen() throws SocketError {
        if (fd < 0 || core.isClosed()) {
            throw new SocketError(Errno.EBADF);
        }
        return core;
    }

    private void requireUnix() throws SocketError {
        if (family != AF_UNIX) {
            throw new SocketError(Errno.EAFNOSUPPORT);
        }
    }

    /** The SocketError for a failure of {@code op}, traced. */
    SocketError fail(String op, Throwable t) {
        SocketError e = SocketError.from(t);
        trace(op, "", e);
        return e;
    }

    /** Where this socket's trace goes: its script run's trace stream (sockets of no run are not traced). */
    private java.io.PrintStream traceOutput() {
        SocketModule o = owner;
        return o != null ? o.traceOutput() : null;
    }

    boolean tracing() {
        return traceOutput() != null;
    }

    void trace(String op, String detail) {
        java.io.PrintStream p = traceOutput();
        if (p != null) {
            SocketTrace.log(p, fd, op, detail);
        }
    }

    void trace(String op, String detail, SocketError e) {
        java.io.PrintStream p = traceOutput();
        if (p != null) {
            SocketTrace.error(p, fd, op + (detail.isEmpty() ? "" : " " + detail), e);
        }
    }
}
