package io.pysock.net;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open pysock socket in the JVM, whatever run or Java caller holds it. Only for what the
 * kernel keeps host-wide: who is bound to or listens on a port. Descriptor numbers are per run
 * ({@link FdTable}); nothing here gives a run a way to reach another run's socket.
 */
final class LiveSockets {
    private static final Set<PySocket> open = ConcurrentHashMap.newKeySet();

    private LiveSockets() {
    }

    static void add(PySocket s) {
        open.add(s);
    }

    static void remove(PySocket s) {
        open.remove(s);
    }

    static Iterable<PySocket> all() {
        return open;
    }

    static Set<Integer> listeningPorts() {
        Set<Integer> ports = new TreeSet<>();
        for (PySocket s : open) {
            if (s.isListening()) {
                try {
                    if (s.localAddress() instanceof InetSocketAddress a) {
                        ports.add(a.getPort());
                    }
                } catch (SocketError ignored) {
                    // closed meanwhile
                }
            }
        }
        return ports;
    }
}
