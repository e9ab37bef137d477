package io.pysock.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Port isolation for scripts that hard-code their port (the tutorial's 12345): the scripts of one
 * group (a test scenario) see the ports they asked for, while the kernel gives each bind a free
 * port. Two groups can then run side by side on "the same" port.
 *
 * <pre>{@code
 * PortMap ports = new PortMap();
 * module.setPortMap(ports);           // every script of the scenario shares the map
 * // script: s.bind(("", 12345)) -> kernel port 41873; s.getsockname() -> ('0.0.0.0', 12345)
 * // script: c.connect(("127.0.0.1", 12345)) -> connects to 41873
 * }</pre>
 *
 * Only binds to a non-zero port are mapped, and only connections to this machine's addresses are
 * redirected; everything else passes through unchanged.
 */
public final class PortMap {
    private final Map<Integer, Integer> realByScript = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> scriptByReal = new ConcurrentHashMap<>();
    private final Map<Integer, PySocket> holders = new ConcurrentHashMap<>();

    /** The kernel port standing for {@code scriptPort}, or {@code scriptPort} if none was bound. */
    public int realPort(int scriptPort) {
        return realByScript.getOrDefault(scriptPort, scriptPort);
    }

    /** The port scripts see for a kernel port. */
    public int scriptPort(int realPort) {
        return scriptByReal.getOrDefault(realPort, realPort);
    }

    /**
     * Records that {@code holder} bound {@code scriptPort} as {@code realPort}. False if another
     * live socket of the group holds that script port (the kernel would have said EADDRINUSE).
     */
    synchronized boolean claim(int scriptPort, int realPort, PySocket holder, int type) {
        PySocket old = holders.get(key(scriptPort, type));
        if (old != null && old != holder && !old.isClosed()) {
            return false;
        }
        Integer previous = realByScript.put(scriptPort, realPort);
        if (previous != null) {
            scriptByReal.remove(previous);
        }
        scriptByReal.put(realPort, scriptPort);
        holders.put(key(scriptPort, type), holder);
        return true;
    }

    private static int key(int port, int type) {
        return port * 8 + type; // TCP and UDP ports are separate name spaces
    }

    /** The address to really use for {@code a}: mapped if it is on this machine. */
    SocketAddress toReal(SocketAddress a) {
        if (a instanceof InetSocketAddress i && isLocal(i.getAddress())) {
            int real = realPort(i.getPort());
            if (real != i.getPort()) {
                return new InetSocketAddress(i.getAddress(), real);
            }
        }
        return a;
    }

    /** The address as scripts should see it. */
    SocketAddress toScript(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            int p = scriptPort(i.getPort());
            if (p != i.getPort()) {
                return new InetSocketAddress(i.getAddress(), p);
            }
        }
        return a;
    }

    private static boolean isLocal(InetAddress a) {
        if (a == null) {
            return false;
        }
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        try {
            return java.net.NetworkInterface.getByInetAddress(a) != null;
        } catch (java.net.SocketException e) {
            return false;
        }
    }
}
