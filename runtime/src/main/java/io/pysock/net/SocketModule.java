package io.pysock.net;

import static io.pysock.net.SocketConstants.*;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.graalvm.polyglot.HostAccess;

/**
 * The module-level half of Python's {@code _socket}: creating sockets, name resolution, the
 * default timeout. One instance is handed to the Python side at start-up; Java callers use the
 * static methods. An instance is also one script run's set of sockets, as a process is: its
 * descriptor numbers (a run reaches no other run's sockets, only those Java lends it), its default
 * timeout, its interrupts, its policy, its trace, and what {@link #closeAll()} closes when the run
 * ends.
 *
 * <pre>{@code
 * SocketModule.setResolver(myResolver);               // every socket: names resolve without DNS
 * Set<Integer> ports = SocketModule.listeningPorts(); // who listens now, in this JVM
 * run.sockets().interruptWaits();                     // this run's blocked calls return EINTR
 * }</pre>
 */
public final class SocketModule {
    private volatile long defaultTimeoutNanos = -1;

    /** Sockets Java lent this run, by number (they are numbered in another table). */
    private final Map<Integer, PySocket> lent = new java.util.concurrent.ConcurrentHashMap<>();
    /** This run's descriptor numbers; a number lent to the run is never handed out here as well. */
    private final FdTable fds = new FdTable(FdTable.SCRIPT_BASE, this::isLentNumber);
    private final InterruptScope interrupts = new InterruptScope();
    private final Descriptors descriptors = new Descriptors(this);

    FdTable fds() {
        return fds;
    }

    InterruptScope interrupts() {
        return interrupts;
    }

    private boolean isLentNumber(int fd) {
        PySocket s = lent.get(fd);
        return s != null && s.fileno() == fd;
    }

    /** The socket numbered {@code fd} in this run: its own, or one lent to it; null if none. */
    PySocket lookup(int fd) {
        PySocket s = fds.lookup(fd);
        if (s == null) {
            s = lent.get(fd);
            if (s != null && s.fileno() != fd) {
                lent.remove(fd, s); // closed since it was lent (its number may be another's now)
                s = null;
            }
        }
        return s;
    }

    /**
     * Makes this run the owner of a socket nobody owns (a connection a script accepted on a Java
     * listener, or a dup the script made of a lent socket): it gets a number of this run's own.
     */
    @HostAccess.Export
    public void adopt(PySocket s) {
        if (!s.isScriptOwned()) {
            s.adoptInto(this);
        }
    }

    /**
     * Lets this run reach a socket Java keeps owning (an endpoint or an argument the embedding API
     * hands the script) by its number: {@code socket(fileno=)}, select, dup. Interrupting the run
     * wakes its waits on it too.
     */
    @HostAccess.Export
    public void lend(PySocket s) {
        int fd = s.fileno();
        if (fd < 0 || s.isScriptOwned()) {
            return; // closed, or some run's own: nothing to lend
        }
        lent.values().removeIf(PySocket::isClosed);
        lent.put(fd, s);
        s.lendTo(this);
    }

    /**
     * Makes this run's blocked socket and poller waits return EINTR (each retries, or lets the
     * interpreter act on a pending signal or cancellation), and no other run's. For a JVM
     * serving several runs; a real signal uses {@link Interrupts#interruptWaits()}.
     */
    public void interruptWaits() {
        interrupts.interrupt();
    }

    /** The sockets made through this module (one module per script run): closed with the run. */
    private final java.util.Set<PySocket> owned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    void track(PySocket s) {
        owned.add(s);
    }

    void untrack(PySocket s) {
        owned.remove(s);
    }

    private volatile NetworkPolicy policy = NetworkPolicy.ALLOW_ALL;
    private volatile java.io.PrintStream trace;

    /** What this run's sockets may bind, connect and send to (default: everything). */
    public void setPolicy(NetworkPolicy p) {
        policy = p == null ? NetworkPolicy.ALLOW_ALL : p;
    }

    NetworkPolicy policy() {
        return policy;
    }

    /** All addresses of a name this run asks for, answered as its policy says; a refusal is traced. */
    private List<InetAddress> lookupAll(String host) throws SocketError {
        try {
            return Addresses.lookupAll(host, policy);
        } catch (SocketError.PermissionDenied e) {
            java.io.PrintStream p = trace;
            if (p != null) {
                SocketTrace.error(p, "lookup " + host, e);
            }
            throw e;
        }
    }

    /** The name of an address, answered as this run's policy says; a refusal is traced. */
    private String reverse(InetAddress a) throws SocketError {
        try {
            return policy.reverse(a);
        } catch (SocketError.PermissionDenied e) {
            java.io.PrintStream p = trace;
            if (p != null) {
                SocketTrace.error(p, "lookup " + a.getHostAddress(), e);
            }
            throw e;
        }
    }

    /** One address of a name for {@code family}, as {@link Addresses#resolve} but through this run's policy. */
    private InetAddress resolve(int family, String host) throws SocketError {
        try {
            return Addresses.resolve(family, host, policy);
        } catch (SocketError.PermissionDenied e) {
            java.io.PrintStream p = trace;
            if (p != null) {
                SocketTrace.error(p, "lookup " + host, e);
            }
            throw e;
        }
    }

    /** Traces this run's socket calls to {@code out} ({@code null}: only the JVM-wide --trace, if on). */
    public void setTrace(java.io.PrintStream out) {
        trace = out;
    }

    java.io.PrintStream traceOutput() {
        return trace;
    }

    /** The pollers (select/poll/epoll objects) of this run: closed with it too. */
    private final java.util.Set<Poller> pollers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Poller> selectPollers = new ThreadLocal<>();
    private volatile SelectableInput stdin;

    void untrack(Poller p) {
        pollers.remove(p);
    }

    private volatile PortMap portMap;
    private final java.util.concurrent.CountDownLatch serving = new java.util.concurrent.CountDownLatch(1);

    /** Port isolation for this run's sockets (shared by the scripts of one scenario); null: real ports. */
    public void setPortMap(PortMap map) {
        portMap = map;
    }

    PortMap portMap() {
        return portMap;
    }

    /** A socket of this run now serves (see {@link #awaitServing}). */
    void serving() {
        serving.countDown();
    }

    /**
     * Waits until a socket of this run listens (or a datagram socket binds a port): the moment a
     * client may connect. Known from the socket layer itself, so no polling and no printed marker.
     */
    public boolean awaitServing(java.time.Duration limit) throws InterruptedException {
        return serving.await(limit.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Sockets of this run still open. */
    public int ownedSockets() {
        return owned.size();
    }

    /** The script's standard input, so select/poll can wait on fd 0. */
    public void setStdin(SelectableInput in) {
        stdin = in;
    }

    SelectableInput stdin() {
        return stdin;
    }

    /** Closes every socket, poller and pipe this module's script still holds (the run is over). */
    public void closeAll() {
        for (PySocket s : lent.values()) {
            s.unlend(this);
        }
        lent.clear();
        for (Poller p : pollers.toArray(new Poller[0])) {
            p.close();
        }
        for (PySocket s : owned.toArray(new PySocket[0])) {
            s.close();
        }
        for (int fd : fds.pipeNumbers()) {
            try {
                closePipe(fd);
            } catch (SocketError ignored) {
                // closed meanwhile by the script's own thread
            }
        }
    }

    /** A new poll() or epoll() object of this run, by its mode's name ("poll" or "epoll"), for Java callers. */
    public Poller poller(String mode) throws SocketError {
        return poller(Poller.Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)));
    }

    /** Python's {@code select.poll()}. */
    @HostAccess.Export
    public Poller pollObject() throws SocketError {
        return poller(Poller.Mode.POLL);
    }

    /** Python's {@code select.epoll()}. */
    @HostAccess.Export
    public Poller epollObject() throws SocketError {
        return poller(Poller.Mode.EPOLL);
    }

    private Poller poller(Poller.Mode mode) throws SocketError {
        Poller p = Poller.open(mode, this);
        pollers.add(p);
        return p;
    }

    /** os.pipe(): {read end, write end} numbers of a pipe pollers can wait on (see {@link PipeEnd}). */
    @HostAccess.Export
    public int[] pipe() throws SocketError {
        PipeEnd[] ends = PipeEnd.open(this);
        return new int[] {fds.allocate(ends[0]), fds.allocate(ends[1])};
    }

    /** The pipe end numbered {@code fd} in this run, or null: os.read/os.write/... go to it. */
    @HostAccess.Export
    public PipeEnd pipeEnd(int fd) {
        return fds.lookupPipe(fd);
    }

    /** os.dup of a pipe end: the lowest free number, naming the same end. */
    @HostAccess.Export
    public int dupPipe(int fd) throws SocketError {
        PipeEnd p = fds.lookupPipe(fd);
        if (p == null || p.isClosed()) {
            throw new SocketError(Errno.EBADF);
        }
        p.addNumber();
        return fds.allocate(p);
    }

    /** os.close of a pipe end's number; EBADF if it names none. */
    @HostAccess.Export
    public void closePipe(int fd) throws SocketError {
        PipeEnd p = fds.lookupPipe(fd);
        if (p == null) {
            throw new SocketError(Errno.EBADF);
        }
        fds.release(fd);
        p.dropNumber();
    }

    /** The descriptor-level calls (fcntl, os.dup2, os.close, inheritable) on this run's numbers. */
    @HostAccess.Export
    public Descriptors descriptors() {
        return descriptors;
    }

    /** The open poll/epoll object of this run numbered {@code fd}, or null. */
    Poller pollerNumbered(int fd) {
        for (Poller p : pollers) {
            if (p.fileno() == fd && !p.isClosed()) {
                return p;
            }
        }
        return null;
    }

    /** The lowest number a socket of a run can have: lower ones are GraalPy's own files and pipes. */
    @HostAccess.Export
    public int firstSocketNumber() {
        return FdTable.SCRIPT_BASE;
    }

    /**
     * The poller select.select() uses on this thread: kept between calls, so a loop selecting on
     * the same sockets registers them once. {@code fds} is the new watch list (others are dropped).
     */
    @HostAccess.Export
    public Poller selectPoller(int[] fds) throws SocketError {
        Poller p = selectPollers.get();
        if (p == null || p.isClosed()) {
            p = Poller.open(Poller.Mode.SELECT, this);
            pollers.add(p);
            selectPollers.set(p);
        }
        java.util.Set<Integer> keep = new java.util.HashSet<>();
        for (int fd : fds) {
            keep.add(fd);
        }
        p.retainOnly(keep);
        return p;
    }

    private volatile SignalRouting signalRouting = SignalRouting.PROCESS;

    /** How this run's {@code signal.signal} calls take effect (the daemon routes them per run). */
    public void setSignalRouting(SignalRouting r) {
        signalRouting = r == null ? SignalRouting.PROCESS : r;
    }

    /**
     * A script sets a signal's disposition: {@code install} is GraalPy's own {@code signal.signal}
     * call; the routing decides what else happens (a callable handler also wakes socket waits).
     */
    @HostAccess.Export
    public void installSignal(int signum, boolean callable, org.graalvm.polyglot.Value install) {
        signalRouting.install(signum, callable, install::executeVoid);
    }

    /** The next signal pysock's Python side must run the handler for, or -1 (see RunSignals). */
    @HostAccess.Export
    public int takePendingSignal() {
        return signalRouting.takePending();
    }

    /** time.sleep for a run whose signals are its own: true if a signal ended it early. */
    @HostAccess.Export
    public boolean sleepUnlessSignalled(long nanos) throws SocketError {
        try {
            return signalRouting.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketError(Errno.EINTR);
        }
    }

    /** True if this run's signals are its own (the daemon), not the process's. */
    @HostAccess.Export
    public boolean signalsPerRun() {
        return signalRouting.perRun();
    }

    /** The script signals its own process: true if this run's routing delivered it. */
    @HostAccess.Export
    public boolean raiseSignal(int signum) {
        return signalRouting.raise(signum);
    }

    /** POLL* and EPOLL* values for Python's select module. */
    @HostAccess.Export
    public Map<String, Integer> selectConstants() {
        return Poller.constants();
    }
    private static volatile Resolver resolver = Resolver.SYSTEM;

    /** Replaces the resolver for every socket (tests use one that never sends a query). */
    public static void setResolver(Resolver r) {
        resolver = r == null ? Resolver.SYSTEM : r;
    }

    public static Resolver resolver() {
        return resolver;
    }

    long defaultTimeoutNanos() {
        return defaultTimeoutNanos;
    }

    // ---------------------------------------------------------------- exported to Python

    @HostAccess.Export
    public PySocket socket(int family, int type, int proto) throws SocketError {
        return PySocket.open(family, type, proto, this);
    }

    @HostAccess.Export
    public PySocket fromFd(int fd) throws SocketError {
        PySocket s = lookup(fd);
        if (s == null) {
            throw new SocketError(Errno.EBADF);
        }
        return s;
    }

    /** Closes a descriptor (Python's {@code _socket.close(fd)}). */
    @HostAccess.Export
    public void closeFd(int fd) throws SocketError {
        fromFd(fd).close();
    }

    /**
     * Python's accept: the connection is this run's (numbered in its table even when the listener
     * is one Java lent the run); returns (fd, peer address in Python's form), one crossing.
     */
    @HostAccess.Export
    public Object[] accept(PySocket listener) throws SocketError {
        PySocket conn = listener.accept();
        adopt(conn);
        return new Object[] {conn.fileno(), conn.getpeername()};
    }

    // ---------------------------------------------------------------- the data path, for pysock's _socket
    //
    // pylib/pysock/_socket.py looks these up once per run and calls them with the socket as the
    // first argument, rather than calling sock.recvInto(...) on the PySocket. Two costs measured
    // on GraalPy 25 go away (docs/benchmarks.md, "Where the time goes"):
    // - reading a member of a Java object (sock.recvInto) first looks the name up as a Python
    //   attribute, which raises and catches an AttributeError inside GraalPy on every call;
    // - a Java exception crossing into Python costs ~40 us, and a non-blocking socket (every
    //   asyncio and selectors loop) meets EAGAIN all the time. These return WOULD_BLOCK instead.

    /** What the data-path calls return instead of raising EAGAIN (byte counts are never negative). */
    public static final int WOULD_BLOCK = -1;

    @HostAccess.Export
    public int recvInto(PySocket s, byte[] dst, int off, int len, int flags) throws SocketError {
        try {
            return s.recvInto(dst, off, len, flags);
        } catch (SocketError.WouldBlock e) {
            return WOULD_BLOCK;
        }
    }

    @HostAccess.Export
    public int send(PySocket s, byte[] src, int off, int len, int flags) throws SocketError {
        try {
            return s.send(src, off, len, flags);
        } catch (SocketError.WouldBlock e) {
            return WOULD_BLOCK;
        }
    }

    /** sendall keeps raising EAGAIN: it may have sent part of the data, and CPython raises then too. */
    @HostAccess.Export
    public void sendall(PySocket s, byte[] src, int off, int len, int flags) throws SocketError {
        s.sendall(src, off, len, flags);
    }

    @HostAccess.Export
    public Object[] recvfromInto(PySocket s, byte[] dst, int off, int len, int flags) throws SocketError {
        return s.recvfromInto(dst, off, len, flags);
    }

    @HostAccess.Export
    public int sendto(PySocket s, byte[] src, int off, int len, int flags, String host, int port) throws SocketError {
        return s.sendto(src, off, len, flags, host, port);
    }

    /** For Python's detach(): the fd stays open for socket(fileno=fd); the object gets a closed view. */
    @HostAccess.Export
    public PySocket detached(PySocket s) {
        return PySocket.detachedView(s);
    }

    /** fileno() and gettimeout(): selectors and socket.py ask for them on every operation. */
    @HostAccess.Export
    public int fileno(PySocket s) {
        return s.fileno();
    }

    @HostAccess.Export
    public Double gettimeout(PySocket s) {
        return s.gettimeout();
    }

    @HostAccess.Export
    public int dupFd(int fd) throws SocketError {
        PySocket d = fromFd(fd).dup();
        adopt(d); // a descriptor the script made is the script's, even on a socket Java lent it
        return d.fileno();
    }

    @HostAccess.Export
    public Double getdefaulttimeout() {
        long t = defaultTimeoutNanos;
        return t < 0 ? null : t / 1e9;
    }

    @HostAccess.Export
    public void setdefaulttimeout(Double seconds) {
        defaultTimeoutNanos = Deadline.nanos(seconds);
    }

    @HostAccess.Export
    public Map<String, Integer> constants() {
        return SocketConstants.all();
    }

    /** TCP ports that a pysock socket in this JVM listens on now, whatever run or Java caller holds it (readiness without polling ports). */
    public static java.util.Set<Integer> listeningPorts() {
        return LiveSockets.listeningPorts();
    }

    /** A connected pair: AF_UNIX through a private listener in a temporary folder, else loopback TCP. */
    @HostAccess.Export
    public PySocket[] socketpair(int family, int type, int proto) throws SocketError {
        if ((type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) != SOCK_STREAM) {
            throw SocketError.unsupported(Errno.EOPNOTSUPP, "socketpair() gives stream sockets only");
        }
        PySocket listener = PySocket.open(family, SOCK_STREAM, proto, this);
        Path dir = null;
        PySocket a = null;
        try {
            // The pair's private listener is pysock's doing, not an address the script chose: the
            // policy does not apply to making the pair (the two ends keep it afterwards).
            listener.exemptFromPolicy();
            if (family == AF_UNIX) {
                dir = Files.createTempDirectory("pysock-pair");
                listener.bindUnix(dir.resolve("s").toString());
            } else {
                listener.bind(family == AF_INET6 ? "::1" : "127.0.0.1", 0);
            }
            listener.listen(1);
            a = PySocket.open(family, type, proto, this);
            a.exemptFromPolicy();
            SocketAddress where = listener.localAddress();
            if (where instanceof InetSocketAddress isa) {
                a.connect(isa.getAddress().getHostAddress(), isa.getPort());
            } else {
                a.connectUnix(((UnixDomainSocketAddress) where).getPath().toString());
            }
            PySocket b = listener.accept();
            a.restorePolicy(policy);
            b.restorePolicy(policy);
            return new PySocket[] {a, b}; // b: accepted on this run's listener, so this run's too
        } catch (IOException e) {
            if (a != null) {
                a.close();
            }
            throw SocketError.from(e);
        } finally {
            listener.close();
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve("s"));
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a leftover empty temp folder is harmless
                }
            }
        }
    }

    /** The kernel's host name (not a DNS name: gethostname() must not query anything). */
    @HostAccess.Export
    public String gethostname() {
        try {
            return Files.readAllLines(Path.of("/proc/sys/kernel/hostname")).get(0).trim();
        } catch (IOException | RuntimeException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "localhost";
        }
    }

    /** IPv4 address of a name, as a dotted string. */
    @HostAccess.Export
    public String gethostbyname(String host) throws SocketError {
        return resolve(AF_INET, host).getHostAddress();
    }

    /** (name, aliases, addresses) of a name; Python builds the tuple. */
    @HostAccess.Export
    public Object[] gethostbynameEx(String host) throws SocketError {
        List<String> addrs = new ArrayList<>();
        for (InetAddress a : lookupAll(host)) {
            if (a instanceof Inet4Address && !addrs.contains(a.getHostAddress())) {
                addrs.add(a.getHostAddress());
            }
        }
        if (addrs.isEmpty()) {
            throw new SocketError.AddressLookup(Errno.EAI_NODATA);
        }
        return new Object[] {host, new Object[0], addrs.toArray()};
    }

    @HostAccess.Export
    public Object[] gethostbyaddr(String host) throws SocketError {
        InetAddress a = resolve(AF_UNSPEC, host);
        String name = reverse(a);
        return new Object[] {name, new Object[0], new Object[] {a.getHostAddress()}};
    }

    /**
     * getaddrinfo: one row per address as (family, type, proto, canonname, (host, port[, flow, scope])).
     * {@code host} null means the passive or loopback address, as AI_PASSIVE says.
     */
    @HostAccess.Export
    public Object[] getaddrinfo(String host, int port, int family, int type, int proto, int flags) throws SocketError {
        if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6) {
            throw new SocketError.AddressLookup(Errno.EAI_FAMILY);
        }
        List<InetAddress> addrs = new ArrayList<>();
        if (host == null) {
            boolean passive = (flags & AI_PASSIVE) != 0;
            if (family != AF_INET) {
                addrs.add(Addresses.literal(passive ? "::" : "::1"));
            }
            if (family != AF_INET6) {
                addrs.add(Addresses.literal(passive ? "0.0.0.0" : "127.0.0.1"));
            }
        } else {
            InetAddress lit = Addresses.literal(host);
            if (lit != null) {
                addrs.add(lit);
            } else if ((flags & AI_NUMERICHOST) != 0) {
                throw new SocketError.AddressLookup(Errno.EAI_NONAME);
            } else {
                addrs.addAll(lookupAll(host));
            }
        }
        int[] types = type != 0 ? new int[] {type} : typesFor(proto);
        List<Object> rows = new ArrayList<>();
        boolean first = true;
        for (InetAddress a : addrs) {
            int fam = a instanceof Inet6Address ? AF_INET6 : AF_INET;
            if (family != AF_UNSPEC && fam != family) {
                continue;
            }
            for (int t : types) {
                int p = proto != 0 ? proto : t == SOCK_STREAM ? IPPROTO_TCP : t == SOCK_DGRAM ? IPPROTO_UDP : 0;
                String canon = first && (flags & AI_CANONNAME) != 0 && host != null ? host : "";
                first = false;
                rows.add(new Object[] {fam, t, p, canon, Addresses.pythonAddress(fam, new InetSocketAddress(a, port))});
            }
        }
        if (rows.isEmpty()) {
            throw new SocketError.AddressLookup(family == AF_UNSPEC ? Errno.EAI_NONAME : Errno.EAI_ADDRFAMILY);
        }
        return rows.toArray();
    }

    /**
     * The socket types getaddrinfo answers for when only a protocol is given: glibc lists the
     * types that protocol runs on (TCP and SCTP: stream; UDP and UDP-Lite: datagram), and every
     * type for no protocol. Other protocols keep all three rows, as before.
     */
    private static int[] typesFor(int proto) {
        return switch (proto) {
            case IPPROTO_TCP, 132 -> new int[] {SOCK_STREAM}; // 132: IPPROTO_SCTP
            case IPPROTO_UDP, 136 -> new int[] {SOCK_DGRAM}; // 136: IPPROTO_UDPLITE
            default -> new int[] {SOCK_STREAM, SOCK_DGRAM, SOCK_RAW};
        };
    }

    /** getnameinfo's host part: the numeric form, or the name when {@code numeric} is false. */
    @HostAccess.Export
    public String nameOf(String host, boolean numeric, boolean nameRequired) throws SocketError {
        InetAddress a = resolve(AF_UNSPEC, host);
        if (numeric) {
            return a.getHostAddress();
        }
        try {
            return reverse(a);
        } catch (SocketError.HostLookup e) {
            if (nameRequired) {
                throw new SocketError.AddressLookup(Errno.EAI_NONAME);
            }
            return a.getHostAddress();
        }
    }
}
