package io.pysock.net;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Small-int file descriptors for pysock sockets, pollers and pipe ends, one table per owner of numbers: each
 * script run has its own (in its {@link SocketModule}), as each process has its own descriptor
 * table, and Java callers share {@link #JAVA}. Python code keys everything on {@code fileno()}
 * (selectors, {@code socket(fileno=...)}, {@code dup}), so each socket gets the lowest free number,
 * as the kernel would hand out, and keeps it until it is closed.
 *
 * <p>Script numbers start at 1000, not 3: GraalPy numbers the files and pipes a script opens itself
 * from 3 up, in a table pysock cannot see, and an {@code open()} file must never share a number
 * with a socket (select would wait on the wrong thing). Java callers' numbers start at 2000, so a
 * socket Java lends to a script does not collide with the script's own numbers.
 */
final class FdTable {
    static final int SCRIPT_BASE = 1000;
    static final int JAVA_BASE = 2000;

    /** The numbers of sockets and pollers Java code opened itself (no script run). */
    static final FdTable JAVA = new FdTable(JAVA_BASE, fd -> false);

    private final int first;
    private final IntPredicate reserved;
    private final BitSet used = new BitSet();
    /** Numbers without FD_CLOEXEC: a number starts non-inheritable, as Python makes every descriptor (PEP 446). */
    private final BitSet inheritable = new BitSet();
    private final Map<Integer, PySocket> sockets = new HashMap<>();
    private final Map<Integer, PipeEnd> pipes = new HashMap<>();

    /** {@code reserved}: numbers visible to the owner through other tables (lent sockets), never handed out here. */
    FdTable(int first, IntPredicate reserved) {
        this.first = first;
        this.reserved = reserved;
    }

    synchronized int allocate(PySocket s) {
        int fd = allocateOther();
        sockets.put(fd, s);
        return fd;
    }

    /** A number for a descriptor that is not a socket (an epoll object). */
    synchronized int allocateOther() {
        int fd = used.nextClearBit(first);
        while (reserved.test(fd)) {
            fd = used.nextClearBit(fd + 1);
        }
        used.set(fd);
        return fd;
    }

    /** The number {@code fd} for a socket (os.dup2); false if it is taken (the caller frees it first). */
    synchronized boolean allocateAt(int fd, PySocket s) {
        if (!claim(fd)) {
            return false;
        }
        sockets.put(fd, s);
        return true;
    }

    /** The number {@code fd} for a pipe end (os.dup2); false if it is taken. */
    synchronized boolean allocateAt(int fd, PipeEnd p) {
        if (!claim(fd)) {
            return false;
        }
        pipes.put(fd, p);
        return true;
    }

    private boolean claim(int fd) {
        if (fd < first || used.get(fd) || reserved.test(fd)) {
            return false;
        }
        used.set(fd);
        return true;
    }

    synchronized boolean isInheritable(int fd) {
        return fd >= 0 && inheritable.get(fd);
    }

    synchronized void setInheritable(int fd, boolean on) {
        if (fd >= 0 && used.get(fd)) {
            inheritable.set(fd, on);
        }
    }

    /** A number for a pipe end (os.pipe, os.dup of one). */
    synchronized int allocate(PipeEnd p) {
        int fd = allocateOther();
        pipes.put(fd, p);
        return fd;
    }

    synchronized void release(int fd) {
        sockets.remove(fd);
        pipes.remove(fd);
        used.clear(fd);
        inheritable.clear(fd);
    }

    synchronized PipeEnd lookupPipe(int fd) {
        return pipes.get(fd);
    }

    synchronized int[] pipeNumbers() {
        return pipes.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    synchronized PySocket lookup(int fd) {
        return sockets.get(fd);
    }
}
