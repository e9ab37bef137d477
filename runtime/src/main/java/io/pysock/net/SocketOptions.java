package io.pysock.net;

import static io.pysock.net.SocketConstants.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.NetworkChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * setsockopt/getsockopt for one socket. Every value a script sets is kept here and replayed on
 * each channel the socket gets later (a stream socket changes channel at listen(), and accepted
 * sockets inherit their listener's options as on Linux), so nothing set before connect or listen
 * is lost. The table below is the whole list of what java.nio can do; anything else raises
 * ENOPROTOOPT with a message that names pysock.
 */
final class SocketOptions {
    private record Mapping(SocketOption<?> option, boolean bool) {
    }

    private static final Map<Long, Mapping> MAPPINGS = new HashMap<>();

    private static long key(int level, int opt) {
        return ((long) level << 32) | (opt & 0xffffffffL);
    }

    private static void map(int level, int opt, SocketOption<?> option) {
        MAPPINGS.put(key(level, opt), new Mapping(option, option.type() == Boolean.class));
    }

    static {
        map(SOL_SOCKET, SO_REUSEADDR, StandardSocketOptions.SO_REUSEADDR);
        map(SOL_SOCKET, SO_REUSEPORT, StandardSocketOptions.SO_REUSEPORT);
        map(SOL_SOCKET, SO_KEEPALIVE, StandardSocketOptions.SO_KEEPALIVE);
        map(SOL_SOCKET, SO_RCVBUF, StandardSocketOptions.SO_RCVBUF);
        map(SOL_SOCKET, SO_SNDBUF, StandardSocketOptions.SO_SNDBUF);
        map(SOL_SOCKET, SO_LINGER, StandardSocketOptions.SO_LINGER);
        map(SOL_SOCKET, SO_BROADCAST, StandardSocketOptions.SO_BROADCAST);
        map(IPPROTO_TCP, TCP_NODELAY, StandardSocketOptions.TCP_NODELAY);
        map(IPPROTO_TCP, TCP_KEEPIDLE, jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE);
        map(IPPROTO_TCP, TCP_KEEPINTVL, jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL);
        map(IPPROTO_TCP, TCP_KEEPCNT, jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT);
        map(IPPROTO_TCP, TCP_QUICKACK, jdk.net.ExtendedSocketOptions.TCP_QUICKACK);
        map(IPPROTO_IP, IP_TOS, StandardSocketOptions.IP_TOS);
        map(IPPROTO_IP, IP_MULTICAST_TTL, StandardSocketOptions.IP_MULTICAST_TTL);
        map(IPPROTO_IP, IP_MULTICAST_LOOP, StandardSocketOptions.IP_MULTICAST_LOOP);
        map(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, StandardSocketOptions.IP_MULTICAST_TTL);
        map(IPPROTO_IPV6, IPV6_MULTICAST_LOOP, StandardSocketOptions.IP_MULTICAST_LOOP);
    }

    private final Map<Long, Object> values = new LinkedHashMap<>();
    private final Map<String, MembershipKey> memberships = new HashMap<>();
    /** Kernel values read from a channel kind that has the option, for one that lacks it (listeners). */
    private final Map<Long, Integer> kernelDefaults = new HashMap<>();
    private final int type;

    SocketOptions(int type) {
        this.type = type;
    }

    /** A copy for an accepted socket: Linux hands the listener's options on to it. */
    SocketOptions inherit() {
        SocketOptions o = new SocketOptions(type);
        o.values.putAll(values);
        return o;
    }

    /**
     * Reads the kernel's values of the options a listening channel cannot report (java.nio's
     * ServerSocketChannel has no SO_SNDBUF or SO_KEEPALIVE) from the channel it replaces.
     */
    void rememberKernelDefaults(NetworkChannel old) {
        for (int opt : new int[] {SO_SNDBUF, SO_KEEPALIVE, SO_LINGER}) {
            try {
                kernelDefaults.put(key(SOL_SOCKET, opt), get(old, SOL_SOCKET, opt));
            } catch (SocketError ignored) {
                // nothing to remember
            }
        }
    }

    /** Replays every kept option on a new channel; options the channel kind lacks stay kept. */
    void applyTo(NetworkChannel ch) throws SocketError {
        if (Boolean.TRUE.equals(values.get(key(SOL_SOCKET, SO_OOBINLINE)))) {
            oobInline(ch, true);
        }
        for (Map.Entry<Long, Object> e : values.entrySet()) {
            Mapping m = MAPPINGS.get(e.getKey());
            if (m != null && ch.supportedOptions().contains(m.option)) {
                write(ch, m, e.getValue());
            }
        }
    }

    /**
     * SO_OOBINLINE (asyncore/asynchat servers such as ftplib's set it) has no java.nio option, but a
     * SocketChannel's socket adaptor sets it on the real socket, so urgent data then arrives in the
     * stream as on Linux. Listeners, datagram and AF_UNIX sockets only keep the flag: Linux accepts it there
     * and it changes nothing, and accepted sockets inherit it from their listener through applyTo.
     */
    private static void oobInline(NetworkChannel ch, boolean on) throws SocketError {
        if (ch instanceof SocketChannel sc) {
            try {
                sc.socket().setOOBInline(on);
            } catch (UnsupportedOperationException e) {
                // an AF_UNIX channel has no socket adaptor, and AF_UNIX no urgent data: the flag is kept
            } catch (IOException | RuntimeException e) {
                throw SocketError.from(e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(NetworkChannel ch, Mapping m, Object value) throws SocketError {
        try {
            ((NetworkChannel) ch).setOption((SocketOption<Object>) m.option, value);
        } catch (IOException | RuntimeException e) {
            throw SocketError.from(e);
        }
    }

    void set(NetworkChannel ch, int level, int opt, int value) throws SocketError {
        if (level == SOL_SOCKET && (opt == SO_TYPE || opt == SO_ERROR || opt == SO_DOMAIN || opt == SO_PROTOCOL
                || opt == SO_ACCEPTCONN)) {
            throw new SocketError(Errno.ENOPROTOOPT);
        }
        if (level == IPPROTO_TCP && type != SOCK_STREAM) {
            throw new SocketError(Errno.ENOPROTOOPT); // Linux: setsockopt says ENOPROTOOPT, getsockopt EOPNOTSUPP
        }
        if (level == IPPROTO_IPV6 && opt == IPV6_V6ONLY) {
            // java.nio sockets are dual-stack and cannot be made v6-only. The flag is kept and
            // reported all the same: bound to an IPv6 address, or connecting, a socket is v6-only
            // anyway; only one bound to the wildcard :: still takes IPv4 peers (README, differences).
            values.put(key(level, opt), value != 0 ? 1 : 0);
            return;
        }
        if (level == SOL_SOCKET && opt == SO_OOBINLINE) {
            values.put(key(level, opt), value != 0);
            oobInline(ch, value != 0);
            return;
        }
        if (level == IPPROTO_IP && opt == IP_TTL) {
            throw SocketError.unsupported(Errno.ENOPROTOOPT, "java.nio cannot set the unicast TTL (IP_TTL)");
        }
        Mapping m = MAPPINGS.get(key(level, opt));
        if (m == null) {
            throw SocketError.unsupported(Errno.ENOPROTOOPT,
                    "option level=" + level + " name=" + opt + " is not available through java.nio");
        }
        Object v;
        if (m.bool) {
            v = value != 0;
        } else if (opt == SO_LINGER && level == SOL_SOCKET) {
            v = value != 0 ? 0 : -1;
        } else {
            v = value;
        }
        if (ch != null && ch.supportedOptions().contains(m.option)) {
            write(ch, m, v);
        }
        values.put(key(level, opt), v);
    }

    /** The struct forms: SO_LINGER (struct linger), multicast membership (struct ip_mreq), ... */
    void set(NetworkChannel ch, int level, int opt, byte[] value) throws SocketError {
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        if (level == SOL_SOCKET && opt == SO_LINGER) {
            requireLength(value, 8);
            int onoff = b.getInt(0), secs = b.getInt(4);
            Mapping m = MAPPINGS.get(key(level, opt));
            Object v = onoff != 0 ? secs : -1;
            if (ch != null && ch.supportedOptions().contains(m.option)) {
                write(ch, m, v);
            }
            values.put(key(level, opt), v);
            return;
        }
        if ((level == IPPROTO_IP && (opt == IP_ADD_MEMBERSHIP || opt == IP_DROP_MEMBERSHIP))
                || (level == IPPROTO_IPV6 && (opt == IPV6_JOIN_GROUP || opt == IPV6_LEAVE_GROUP))) {
            membership(ch, level, opt, value);
            return;
        }
        if (level == IPPROTO_IP && opt == IP_MULTICAST_IF) {
            requireLength(value, 4);
            multicastInterface(ch, value);
            return;
        }
        if (value.length >= 4) {
            set(ch, level, opt, b.getInt(0));
            return;
        }
        throw new SocketError(Errno.EINVAL);
    }

    private static void requireLength(byte[] value, int n) throws SocketError {
        if (value.length < n) {
            throw new SocketError(Errno.EINVAL);
        }
    }

    private void membership(NetworkChannel ch, int level, int opt, byte[] value) throws SocketError {
        if (!(ch instanceof DatagramChannel dc)) {
            throw new SocketError(Errno.EOPNOTSUPP);
        }
        try {
            InetAddress group;
            NetworkInterface nif;
            if (level == IPPROTO_IP) {
                requireLength(value, 8);
                group = InetAddress.getByAddress(java.util.Arrays.copyOfRange(value, 0, 4));
                InetAddress local = InetAddress.getByAddress(java.util.Arrays.copyOfRange(value, 4, 8));
                nif = local.isAnyLocalAddress() ? defaultMulticastInterface(dc) : NetworkInterface.getByInetAddress(local);
            } else {
                requireLength(value, 20);
                group = InetAddress.getByAddress(java.util.Arrays.copyOfRange(value, 0, 16));
                int index = ByteBuffer.wrap(value, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                nif = index == 0 ? defaultMulticastInterface(dc) : NetworkInterface.getByIndex(index);
            }
            if (nif == null) {
                throw new SocketError(Errno.EADDRNOTAVAIL);
            }
            if (!group.isMulticastAddress()) {
                throw new SocketError(Errno.EINVAL);
            }
            String k = group.getHostAddress() + "%" + nif.getName();
            boolean join = opt == IP_ADD_MEMBERSHIP || opt == IPV6_JOIN_GROUP;
            if (join) {
                if (memberships.containsKey(k)) {
                    throw new SocketError(Errno.EADDRINUSE);
                }
                memberships.put(k, dc.join(group, nif));
            } else {
                MembershipKey mk = memberships.remove(k);
                if (mk == null) {
                    throw new SocketError(Errno.EADDRNOTAVAIL);
                }
                mk.drop();
            }
        } catch (IOException e) {
            throw SocketError.from(e);
        }
    }

    private static NetworkInterface defaultMulticastInterface(DatagramChannel dc) throws IOException {
        NetworkInterface set = dc.getOption(StandardSocketOptions.IP_MULTICAST_IF);
        if (set != null) {
            return set;
        }
        // Linux picks the interface by route; java.nio needs one named. Prefer a real interface
        // that supports multicast, else loopback (where pysock's tests run).
        NetworkInterface loopback = null;
        for (NetworkInterface n : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!n.isUp() || !n.supportsMulticast()) {
                continue;
            }
            if (n.isLoopback()) {
                loopback = n;
            } else {
                return n;
            }
        }
        return loopback != null ? loopback : NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
    }

    private void multicastInterface(NetworkChannel ch, byte[] value) throws SocketError {
        try {
            InetAddress a = InetAddress.getByAddress(java.util.Arrays.copyOfRange(value, 0, 4));
            NetworkInterface nif = NetworkInterface.getByInetAddress(a);
            if (nif == null) {
                throw new SocketError(Errno.EADDRNOTAVAIL);
            }
            if (ch != null) {
                ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            }
        } catch (IOException e) {
            throw SocketError.from(e);
        }
    }

    /** The integer value of an option, as getsockopt(level, opt) returns it. */
    int get(NetworkChannel ch, int level, int opt) throws SocketError {
        if (level == SOL_SOCKET && opt == SO_REUSEADDR) {
            // Listening channels always reuse the address (the JDK's choice, kept so a restarted
            // server gets its port back at once); scripts see the value they set themselves.
            Object v = values.get(key(level, opt));
            return Boolean.TRUE.equals(v) ? 1 : 0;
        }
        if (level == IPPROTO_IP && opt == IP_TTL) {
            return defaultTtl();
        }
        if (level == IPPROTO_IPV6 && opt == IPV6_V6ONLY) {
            return Integer.valueOf(1).equals(values.get(key(level, opt))) ? 1 : 0;
        }
        if (level == SOL_SOCKET && opt == SO_OOBINLINE) {
            return Boolean.TRUE.equals(values.get(key(level, opt))) ? 1 : 0;
        }
        if (level == IPPROTO_TCP && type != SOCK_STREAM) {
            throw new SocketError(Errno.EOPNOTSUPP);
        }
        Mapping m = MAPPINGS.get(key(level, opt));
        if (m == null) {
            throw SocketError.unsupported(Errno.ENOPROTOOPT,
                    "option level=" + level + " name=" + opt + " is not available through java.nio");
        }
        Object v = null;
        if (ch != null && ch.supportedOptions().contains(m.option)) {
            try {
                v = ch.getOption(m.option);
            } catch (IOException e) {
                throw SocketError.from(e);
            }
        } else {
            v = values.get(key(level, opt));
            if (v == null) {
                Integer k = kernelDefaults.get(key(level, opt));
                return k != null ? k : 0;
            }
        }
        if (v == null) {
            return 0;
        }
        if (v instanceof Boolean bv) {
            return bv ? 1 : 0;
        }
        int iv = (Integer) v;
        if (level == SOL_SOCKET && opt == SO_LINGER) {
            return iv >= 0 ? 1 : 0;
        }
        if (level == SOL_SOCKET && (opt == SO_RCVBUF || opt == SO_SNDBUF) && ch != null
                && ch.supportedOptions().contains(m.option)) {
            // The kernel doubles the size it is given and reports the doubled value; the JDK halves
            // it back on Linux. Scripts compare against what CPython shows: the kernel's number.
            return iv * 2;
        }
        return iv;
    }

    /** The bytes form of getsockopt(level, opt, buflen). */
    byte[] getBytes(NetworkChannel ch, int level, int opt, int buflen) throws SocketError {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        int n;
        if (level == SOL_SOCKET && opt == SO_LINGER) {
            Object v = null;
            try {
                if (ch != null && ch.supportedOptions().contains(StandardSocketOptions.SO_LINGER)) {
                    v = ch.getOption(StandardSocketOptions.SO_LINGER);
                } else {
                    v = values.get(key(level, opt));
                }
            } catch (IOException e) {
                throw SocketError.from(e);
            }
            int secs = v == null ? -1 : (Integer) v;
            b.putInt(secs >= 0 ? 1 : 0).putInt(Math.max(secs, 0));
            n = 8;
        } else {
            b.putInt(get(ch, level, opt));
            n = 4;
        }
        byte[] out = new byte[Math.min(n, buflen)];
        System.arraycopy(b.array(), 0, out, 0, out.length);
        return out;
    }

    private static int defaultTtl() {
        try {
            // /proc files answer a second read with EOF: read the first line whole.
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_default_ttl")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return 64;
        }
    }
}
