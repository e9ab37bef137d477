package io.pysock.net;

import java.util.BitSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small-int file descriptors for pysock sockets. Python code keys everything on {@code fileno()}
 * (selectors, {@code socket(fileno=...)}, {@code dup}), so each socket gets the lowest free number
 * from 3 up, as the kernel would hand out, and keeps it until it is closed.
 */
final class FdTable {
    private static final int FIRST = 3;
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

    static synchronized void release(int fd) {
        if (sockets.remove(fd) != null) {
            used.clear(fd);
        }
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
