package io.pysock.net;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.graalvm.polyglot.HostAccess;

/**
 * The engine under Python's {@code select.select}, {@code select.poll} and {@code select.epoll}:
 * a set of descriptors with the events wanted for each, answered by one java.nio
 * {@link Selector} that stays registered between calls (so a long-lived epoll object costs one
 * select per wait, not one registration per socket).
 *
 * <pre>{@code
 * try (Poller p = Poller.open(Poller.Mode.EPOLL)) {
 *     p.add(server.fileno(), Poller.POLLIN);
 *     int[] ready = p.pollNanos(1_000_000_000L, -1); // pairs: fd, revents
 * }
 * }</pre>
 *
 * <h2>Readiness is level-triggered and Linux-shaped</h2>
 * Each wait recomputes, per socket, what java.nio must watch for the socket's current state
 * (OP_ACCEPT when listening, OP_CONNECT while connecting, OP_READ/OP_WRITE when connected), so a
 * socket that listens or connects after registration is watched correctly. What a selector cannot
 * see -- bytes kept by MSG_PEEK, our own shutdowns, a pending SO_ERROR, an unconnected socket --
 * comes from {@link PySocket#readyNow()}, with the bits Linux gives. POLLERR, POLLHUP and POLLNVAL
 * are reported whether asked for or not, as poll(2) does. POLLPRI (TCP urgent data) is never
 * reported: java.nio cannot receive urgent data.
 *
 * <h2>Not sockets</h2>
 * A script's {@code os.pipe()} ends are {@link PipeEnd}s, watched like sockets (POLLHUP on a read
 * end whose writer is gone, POLLERR on a write end whose reader is gone, as Linux says).
 * The script's standard input is watched through its {@link SelectableInput}; regular files are
 * always ready ({@link #addOther}), as the kernel says. Anything else is refused with EBADF
 * by {@link #add}, so the Python side can say why.
 */
public final class Poller implements Closeable {
    // poll(2)/epoll(7) bits, Linux values (the Python select module is filled from these).
    public static final int POLLIN = 0x001, POLLPRI = 0x002, POLLOUT = 0x004, POLLERR = 0x008,
            POLLHUP = 0x010, POLLNVAL = 0x020, POLLRDNORM = 0x040, POLLRDBAND = 0x080,
            POLLWRNORM = 0x100, POLLWRBAND = 0x200, POLLMSG = 0x400, POLLRDHUP = 0x2000;
    public static final int EPOLLEXCLUSIVE = 1 << 28, EPOLLWAKEUP = 1 << 29, EPOLLONESHOT = 1 << 30,
            EPOLLET = 1 << 31;
    private static final int ALWAYS = POLLERR | POLLHUP | POLLNVAL;

    /** What an unknown or closed descriptor means, per Python API. */
    public enum Mode {
        /** select.select: the caller checks descriptors first; a closed one is EBADF. */
        SELECT,
        /** select.poll: any int may be registered; a closed one reports POLLNVAL. */
        POLL,
        /** select.epoll: registration checks the descriptor; a closed one drops out silently. */
        EPOLL
    }

    private enum Kind { SOCKET, PIPE, STDIN, ALWAYS_READY }

    private static final class Entry {
        final int fd;
        final Kind kind;
        final PySocket socket;
        final PipeEnd pipe;
        int events;
        boolean disabled;      // EPOLLONESHOT fired; modify() re-arms
        int lastReported;      // EPOLLET: report only what became ready since

        Entry(int fd, Kind kind, PySocket socket, int events) {
            this(fd, kind, socket, null, events);
        }

        Entry(int fd, Kind kind, PySocket socket, PipeEnd pipe, int events) {
            this.fd = fd;
            this.kind = kind;
            this.socket = socket;
            this.pipe = pipe;
            this.events = events;
        }

        /** The channel a selector watches for this entry, or null. */
        SelectableChannel channel() {
            return socket != null ? socket.channel() : pipe != null ? pipe.channel() : null;
        }
    }

    private final Mode mode;
    private final Selector selector;
    private final SocketModule module;
    private final int fd; // epoll objects have a descriptor of their own
    private final Map<Integer, Entry> entries = new LinkedHashMap<>();
    private volatile boolean closed;
    private boolean selecting; // a thread is in (or about to enter) selector.select; guarded by this

    /** Every open poller, so a socket's close can make each one let go of the channel at once. */
    private static final java.util.Set<Poller> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Poller(Mode mode, SocketModule module) throws SocketError {
        this.mode = mode;
        this.module = module;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw SocketError.from(e);
        }
        this.fd = mode == Mode.EPOLL ? table().allocateOther() : -1;
        OPEN.add(this);
    }

    /**
     * Called when a channel closes. java.nio defers closing a channel (its kernel socket keeps
     * listening or holding its port) until every selector it is registered with has deregistered
     * it, which happens only during a selection. CPython's close is immediate, so each poller
     * deregisters it now: an idle one by a selectNow here, a busy one by being woken (its own
     * select then deregisters it).
     */
    static void forget(SelectableChannel ch) {
        for (Poller p : OPEN) {
            SelectionKey k = ch.keyFor(p.selector);
            if (k == null) {
                continue;
            }
            synchronized (p) {
                k.cancel();
                if (p.closed) {
                    continue;
                }
                try {
                    if (p.selecting) {
                        p.selector.wakeup();
                    } else {
                        p.selector.selectNow();
                        p.selector.selectedKeys().clear();
                    }
                } catch (IOException | ClosedSelectorException ignored) {
                    // a selector closing meanwhile releases its keys anyway
                }
            }
        }
    }

    /** Where this poller's numbers live: its run's table, or Java callers' (who can watch only their own sockets). */
    private FdTable table() {
        return module == null ? FdTable.JAVA : module.fds();
    }

    private PySocket lookup(int fd) {
        return module == null ? FdTable.JAVA.lookup(fd) : module.lookup(fd);
    }

    private PipeEnd lookupPipe(int fd) {
        return module == null ? null : module.pipeEnd(fd);
    }

    /** A poller for Java callers (no script stdin; it watches sockets Java opened). */
    public static Poller open(Mode mode) throws SocketError {
        return new Poller(mode, null);
    }

    static Poller open(Mode mode, SocketModule module) throws SocketError {
        return new Poller(mode, module);
    }

    /** The epoll object's own descriptor (-1 for other modes, or once closed). */
    @HostAccess.Export
    public int fileno() {
        return closed ? -1 : fd;
    }

    @HostAccess.Export
    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- registration

    /**
     * Watches {@code fd} for {@code events}. Returns 0, or EBADF when {@code fd} is neither a pysock
     * socket nor the script's stdin (and nothing was registered): the caller knows what else the
     * number is and uses {@link #addOther}. EEXIST if {@code mustBeNew} and it is already here;
     * otherwise a second add replaces the events, as poll.register does.
     */
    @HostAccess.Export
    public synchronized int add(int fd, int events, boolean mustBeNew) throws SocketError {
        checkOpen();
        Entry old = entries.get(fd);
        if (old != null && mustBeNew) {
            throw new SocketError(Errno.EEXIST);
        }
        PipeEnd pipe = lookupPipe(fd);
        if (old != null && old.kind != Kind.ALWAYS_READY && old.socket == lookup(fd) && old.pipe == pipe) {
            old.events = events;
            old.disabled = false;
            old.lastReported = 0;
            wakeIfWaiting();
            return 0;
        }
        PySocket s = lookup(fd);
        Entry e;
        if (s != null && !s.isClosed()) {
            e = new Entry(fd, Kind.SOCKET, s, events);
        } else if (pipe != null && !pipe.isClosed()) {
            e = new Entry(fd, Kind.PIPE, null, pipe, events);
        } else if (fd == 0 && stdin() != null) {
            e = new Entry(fd, Kind.STDIN, null, events);
        } else {
            return Errno.EBADF;
        }
        unregisterKey(entries.remove(fd));
        entries.put(fd, e);
        wakeIfWaiting();
        return 0;
    }

    /**
     * Python's registration of a number it does not know to be anything else: a socket or the
     * script's stdin is watched; any other number is EBADF, except for poll(), which accepts any
     * int and reports POLLNVAL for it, as Linux does.
     */
    @HostAccess.Export
    public synchronized void watch(int fd, int events, boolean mustBeNew) throws SocketError {
        if (add(fd, events, mustBeNew) == 0) {
            return;
        }
        if (mode != Mode.POLL) {
            throw new SocketError(Errno.EBADF);
        }
        addOther(fd, events, mustBeNew, false);
    }

    /**
     * A descriptor that is not a socket: {@code valid} ones never block (a regular file, stdout),
     * so they are ready for all they ask; invalid ones report POLLNVAL (poll() accepts any int).
     */
    @HostAccess.Export
    public synchronized void addOther(int fd, int events, boolean mustBeNew, boolean valid) throws SocketError {
        checkOpen();
        if (mustBeNew && entries.containsKey(fd)) {
            throw new SocketError(Errno.EEXIST);
        }
        unregisterKey(entries.remove(fd));
        entries.put(fd, new Entry(fd, valid ? Kind.ALWAYS_READY : Kind.SOCKET, null, events));
        wakeIfWaiting();
    }

    /** New events for a registered descriptor; ENOENT if it is not registered. */
    @HostAccess.Export
    public synchronized void modify(int fd, int events) throws SocketError {
        checkOpen();
        checkNotClosedSocket(fd);
        Entry e = entries.get(fd);
        if (e == null) {
            throw new SocketError(Errno.ENOENT);
        }
        e.events = events;
        e.disabled = false;
        e.lastReported = 0;
        wakeIfWaiting();
    }

    /** Stops watching {@code fd}; false if it was not registered. */
    @HostAccess.Export
    public synchronized boolean remove(int fd) throws SocketError {
        checkOpen();
        checkNotClosedSocket(fd);
        Entry e = entries.remove(fd);
        if (e == null) {
            return false;
        }
        unregisterKey(e);
        wakeIfWaiting();
        return true;
    }

    /** epoll_ctl on a closed descriptor fails with EBADF before it looks at the set. */
    private void checkNotClosedSocket(int fd) throws SocketError {
        if (mode != Mode.EPOLL) {
            return;
        }
        Entry e = entries.get(fd);
        if (e != null && e.kind != Kind.SOCKET && e.kind != Kind.PIPE) {
            return;
        }
        PySocket s = lookup(fd);
        PipeEnd pipe = lookupPipe(fd);
        if ((s == null || s.isClosed()) && (pipe == null || pipe.isClosed()) && !(fd == 0 && stdin() != null)) {
            if (e != null) {
                entries.remove(fd);
            }
            throw new SocketError(Errno.EBADF);
        }
    }

    /** Removes every descriptor not in {@code keep} (select.select reuses one poller per thread). */
    synchronized void retainOnly(java.util.Set<Integer> keep) {
        for (var it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (!keep.contains(e.fd)) {
                it.remove();
                unregisterKey(e);
            }
        }
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Waits up to {@code timeoutNanos} (negative: forever; 0: just looks) for any registered
     * descriptor to be ready. Returns pairs {@code fd, revents}, at most {@code maxEvents} of them
     * ({@code <= 0}: all). EINTR when Ctrl-C arrives; the caller retries with the time left.
     */
    @HostAccess.Export
    public int[] pollNanos(long timeoutNanos, int maxEvents) throws SocketError {
        Deadline deadline = Deadline.after(timeoutNanos);
        InterruptScope.Wait interrupts = InterruptScope.begin(
                module == null ? java.util.List.of() : java.util.List.of(module.interrupts()));
        while (true) {
            Map<Integer, Integer> now = new LinkedHashMap<>();
            synchronized (this) {
                checkOpen();
                arm(now);
                selecting = true;
            }
            // -1: just look (something is ready already, or the time is up); 0: wait forever
            long waitMillis = now.isEmpty() ? deadline.selectMillis() : -1;
            SelectableInput in = watchesStdin() ? stdin() : null;
            try {
                if (in != null) {
                    in.addWaiter(selector);
                }
                interrupts.enter(selector);
                try {
                    if (waitMillis < 0 || (in != null && in.ready())) {
                        selector.selectNow();
                    } else {
                        selector.select(waitMillis);
                    }
                } finally {
                    interrupts.exit();
                    synchronized (this) {
                        selecting = false;
                    }
                    if (in != null) {
                        in.removeWaiter(selector);
                    }
                }
            } catch (ClosedSelectorException e) {
                throw new SocketError(Errno.EBADF);
            } catch (IOException e) {
                throw SocketError.from(e);
            }
            int[] result;
            synchronized (this) {
                checkOpen();
                result = collect(now, maxEvents);
            }
            if (result.length > 0) {
                return result;
            }
            Waiter.afterWait(interrupts, closed);
            if (deadline.passed()) {
                return result;
            }
            // woken with nothing to report (a registration changed, a spurious wakeup): wait on
        }
    }

    /** Brings every selection key up to date; puts what is ready without a selector into {@code now}. */
    private void arm(Map<Integer, Integer> now) {
        Map<SelectableChannel, Integer> wanted = new HashMap<>();
        List<Integer> invalid = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.disabled) {
                continue;
            }
            switch (e.kind) {
                case ALWAYS_READY -> now.merge(e.fd, e.events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM), (a, b) -> a | b);
                case STDIN -> {
                    SelectableInput in = stdin();
                    if ((e.events & POLLIN) != 0 && in.ready()) {
                        now.merge(e.fd, POLLIN, (a, b) -> a | b);
                    }
                }
                case SOCKET -> {
                    PySocket s = e.socket;
                    int r = s == null ? POLLNVAL : s.readyNow();
                    if ((r & POLLNVAL) != 0) {
                        if (mode == Mode.EPOLL) {
                            invalid.add(e.fd); // the kernel forgets a closed fd in an epoll set
                        } else {
                            now.put(e.fd, POLLNVAL);
                        }
                        continue;
                    }
                    r &= e.events | ALWAYS;
                    if (r != 0) {
                        now.merge(e.fd, r, (a, b) -> a | b);
                    }
                    wanted.merge(s.channel(), s.interestOps(e.events), (a, b) -> a | b);
                }
                case PIPE -> {
                    int r = e.pipe.readyNow();
                    if ((r & POLLNVAL) != 0) {
                        if (mode == Mode.EPOLL) {
                            invalid.add(e.fd);
                        } else {
                            now.put(e.fd, POLLNVAL);
                        }
                        continue;
                    }
                    if (r != 0) {
                        now.merge(e.fd, r, (a, b) -> a | b);
                    }
                    wanted.merge(e.pipe.channel(), e.pipe.interestOps(e.events), (a, b) -> a | b);
                }
            }
        }
        for (Integer f : invalid) {
            entries.remove(f);
        }
        for (SelectionKey k : selector.keys()) {
            if (!wanted.containsKey(k.channel())) {
                k.cancel(); // the socket left, or it now has another channel (listen, failed connect)
            }
        }
        for (Map.Entry<SelectableChannel, Integer> w : wanted.entrySet()) {
            SelectableChannel ch = w.getKey();
            try {
                SelectionKey k = ch.keyFor(selector);
                if (k == null || !k.isValid()) {
                    if (k != null) {
                        selector.selectNow(); // flush the cancelled key before registering again
                    }
                    ch.register(selector, w.getValue());
                } else if (k.interestOps() != w.getValue()) {
                    k.interestOps(w.getValue());
                }
            } catch (ClosedChannelException | CancelledKeyException e) {
                // closed meanwhile: readyNow() says POLLNVAL on the next round
            } catch (IOException e) {
                // selectNow failed: the selector itself is closing; pollNanos reports EBADF
            }
        }
        selector.selectedKeys().clear();
    }

    /** Merges the selector's answer with {@code now}; applies ONESHOT and ET; fd/revents pairs. */
    private int[] collect(Map<Integer, Integer> now, int maxEvents) {
        Map<SelectableChannel, Integer> readyByChannel = new HashMap<>();
        for (SelectionKey k : selector.selectedKeys()) {
            try {
                readyByChannel.put(k.channel(), k.readyOps());
            } catch (CancelledKeyException ignored) {
                // closed while we looked
            }
        }
        selector.selectedKeys().clear();
        List<Integer> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.disabled) {
                continue;
            }
            int r = now.getOrDefault(e.fd, 0);
            if (e.kind == Kind.SOCKET && e.socket != null) {
                Integer ops = readyByChannel.get(e.socket.channel());
                if (ops != null) {
                    r |= e.socket.readyFrom(ops, e.events) & (e.events | ALWAYS);
                }
            } else if (e.kind == Kind.PIPE) {
                Integer ops = readyByChannel.get(e.pipe.channel());
                if (ops != null) {
                    r |= e.pipe.readyFrom(ops) & (e.events | ALWAYS);
                }
            }
            if (mode == Mode.EPOLL && (e.events & EPOLLET) != 0) {
                int fresh = r & ~e.lastReported;
                e.lastReported = r;
                r = fresh;
            }
            if (r == 0) {
                continue;
            }
            if ((e.events & EPOLLONESHOT) != 0) {
                e.disabled = true;
            }
            out.add(e.fd);
            out.add(r);
            if (maxEvents > 0 && out.size() / 2 >= maxEvents) {
                break;
            }
        }
        int[] result = new int[out.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = out.get(i);
        }
        return result;
    }

    private boolean watchesStdin() {
        synchronized (this) {
            Entry e = entries.get(0);
            return e != null && e.kind == Kind.STDIN && !e.disabled;
        }
    }

    private SelectableInput stdin() {
        return module == null ? null : module.stdin();
    }

    private void unregisterKey(Entry e) {
        SelectableChannel ch = e == null ? null : e.channel();
        if (ch == null) {
            return;
        }
        for (Entry other : entries.values()) {
            if (other.channel() == ch) {
                return; // a dup() of the same connection still wants it
            }
        }
        SelectionKey k = ch.keyFor(selector);
        if (k != null) {
            k.cancel();
        }
    }

    private void wakeIfWaiting() {
        if (selecting) {
            selector.wakeup();
        }
    }

    private void checkOpen() throws SocketError {
        if (closed) {
            throw new SocketError(Errno.EBADF);
        }
    }

    @HostAccess.Export
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            entries.clear();
        }
        OPEN.remove(this);
        if (fd >= 0) {
            table().release(fd);
        }
        try {
            selector.close(); // wakes a thread waiting in pollNanos
        } catch (IOException ignored) {
            // nothing left to release
        }
        if (module != null) {
            module.untrack(this);
        }
    }

    /** The poll/epoll constants by name, for Python's select module. */
    static Map<String, Integer> constants() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (java.lang.reflect.Field f : Poller.class.getFields()) {
            if (f.getType() == int.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                try {
                    m.put(f.getName(), f.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return m;
    }
}
