package io.pysock.net;

import java.util.BitSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small-int file descriptors for pysock sockets and pollers. Python code keys everything on
 * {@code fileno()} (selectors, {@code socket(fileno=...)}, {@code dup}), so each socket gets the
 * lowest free number, as the kernel would hand out, and keeps it until it is closed.
 *
 * <p>Numbers start at 1000, not 3: GraalPy numbers the files and pipes a script opens itself from
 * 3 up, in a table pysock cannot see, and an {@code open()} file must never share a number with a
 * socket (select would wait on the wrong thing).
 */
final class FdTable {
    static final int FIRST = 1000;
    private static final BitSet used = new BitSet();
    private static final ConcurrentHashMap<Integer, PySocket> sockets = new ConcurrentHashMap<>();

    private FdTable() {
    }

    static synchronized int allocate(PySocket s) {
        int fd = used.nextClearBit(FIRST);
        used.set(fd);
        sockets.put(fd, s);
        return fd;
    }

    /** A number for a descriptor that is not a socket (an epoll object). */
    static synchronized int allocateOther() {
        int fd = used.nextClearBit(FIRST);
        used.set(fd);
        return fd;
    }

    static synchronized void release(int fd) {
        sockets.remove(fd);
        used.clear(fd);
    }

    static PySocket lookup(int fd) {
        return sockets.get(fd);
    }

    static java.util.Set<Integer> listeningPorts() {
        java.util.Set<Integer> ports = new java.util.TreeSet<>();
        for (PySocket s : sockets.values()) {
            if (s.isListening()) {
                try {
                    if (s.localAddress() instanceof java.net.InetSocketAddress a) {
                        ports.add(a.getPort());
                    }
                } catch (SocketError ignored) {
                    // closed meanwhile
                }
            }
        }
        return ports;
    }

    static java.util.Collection<PySocket> all() {
        return sockets.values();
    }

    static int openCount() {
        return sockets.size();
    }
}
