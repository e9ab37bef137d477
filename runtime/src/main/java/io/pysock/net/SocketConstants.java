package io.pysock.net;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The numeric constants of Python's {@code socket} module, with the values CPython has on Linux.
 * This class is their one source: the Python {@code _socket} module is filled from it at start-up.
 *
 * <pre>{@code
 * import static io.pysock.net.SocketConstants.*;
 * PySocket s = PySocket.open(AF_INET6, SOCK_STREAM);
 * s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
 * }</pre>
 */
public final class SocketConstants {
    public static final int AF_UNSPEC = 0, AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;
    public static final int SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_RDM = 4, SOCK_SEQPACKET = 5,
            SOCK_NONBLOCK = 2048, SOCK_CLOEXEC = 524288;
    public static final int SOL_SOCKET = 1, SOL_IP = 0, SOL_TCP = 6, SOL_UDP = 17;
    public static final int IPPROTO_IP = 0, IPPROTO_ICMP = 1, IPPROTO_TCP = 6, IPPROTO_UDP = 17,
            IPPROTO_IPV6 = 41, IPPROTO_RAW = 255;
    public static final int SO_DEBUG = 1, SO_REUSEADDR = 2, SO_TYPE = 3, SO_ERROR = 4, SO_DONTROUTE = 5,
            SO_BROADCAST = 6, SO_SNDBUF = 7, SO_RCVBUF = 8, SO_KEEPALIVE = 9, SO_OOBINLINE = 10,
            SO_LINGER = 13, SO_REUSEPORT = 15, SO_RCVLOWAT = 18, SO_SNDLOWAT = 19, SO_RCVTIMEO = 20,
            SO_SNDTIMEO = 21, SO_ACCEPTCONN = 30, SO_PROTOCOL = 38, SO_DOMAIN = 39;
    public static final int TCP_NODELAY = 1, TCP_MAXSEG = 2, TCP_KEEPIDLE = 4, TCP_KEEPINTVL = 5,
            TCP_KEEPCNT = 6, TCP_QUICKACK = 12;
    public static final int IP_TOS = 1, IP_TTL = 2, IP_MULTICAST_IF = 32, IP_MULTICAST_TTL = 33,
            IP_MULTICAST_LOOP = 34, IP_ADD_MEMBERSHIP = 35, IP_DROP_MEMBERSHIP = 36;
    public static final int IPV6_UNICAST_HOPS = 16, IPV6_MULTICAST_IF = 17, IPV6_MULTICAST_HOPS = 18,
            IPV6_MULTICAST_LOOP = 19, IPV6_JOIN_GROUP = 20, IPV6_LEAVE_GROUP = 21, IPV6_V6ONLY = 26;
    public static final int SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2;
    public static final int MSG_OOB = 1, MSG_PEEK = 2, MSG_DONTROUTE = 4, MSG_CTRUNC = 8, MSG_TRUNC = 32,
            MSG_DONTWAIT = 64, MSG_EOR = 128, MSG_WAITALL = 256, MSG_NOSIGNAL = 16384, MSG_CMSG_CLOEXEC = 1073741824;
    public static final int AI_PASSIVE = 1, AI_CANONNAME = 2, AI_NUMERICHOST = 4, AI_V4MAPPED = 8,
            AI_ALL = 16, AI_ADDRCONFIG = 32, AI_NUMERICSERV = 1024;
    public static final int NI_NUMERICHOST = 1, NI_NUMERICSERV = 2, NI_NOFQDN = 4, NI_NAMEREQD = 8,
            NI_DGRAM = 16, NI_MAXHOST = 1025, NI_MAXSERV = 32;
    // getaddrinfo's error codes: Errno holds them (with their messages); here for Python's module.
    public static final int EAI_BADFLAGS = Errno.EAI_BADFLAGS, EAI_NONAME = Errno.EAI_NONAME,
            EAI_AGAIN = Errno.EAI_AGAIN, EAI_FAIL = Errno.EAI_FAIL, EAI_NODATA = Errno.EAI_NODATA,
            EAI_FAMILY = Errno.EAI_FAMILY, EAI_SOCKTYPE = Errno.EAI_SOCKTYPE, EAI_SERVICE = Errno.EAI_SERVICE,
            EAI_ADDRFAMILY = Errno.EAI_ADDRFAMILY, EAI_MEMORY = Errno.EAI_MEMORY, EAI_SYSTEM = Errno.EAI_SYSTEM,
            EAI_OVERFLOW = Errno.EAI_OVERFLOW;
    public static final int INADDR_ANY = 0, INADDR_BROADCAST = 0xffffffff, INADDR_LOOPBACK = 0x7f000001,
            INADDR_NONE = 0xffffffff;
    public static final int SOMAXCONN = 4096;

    private SocketConstants() {
    }

    /** Every constant by name, for the Python module. */
    public static Map<String, Integer> all() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Field f : SocketConstants.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                try {
                    out.put(f.getName(), f.getInt(null)); // _socket._install makes INADDR_* unsigned
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return out;
    }
}
