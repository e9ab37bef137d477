package io.pysock.net;

import static io.pysock.net.SocketConstants.*;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;

/**
 * Addresses between Python's forms and Java's: literals parsed without a lookup, names through
 * pysock's {@link Resolver}, {@code (host, port[, flowinfo, scope_id])} tuples and AF_UNIX paths,
 * and the short form the trace and error messages use.
 */
final class Addresses {
    private Addresses() {
    }

    /** A literal IPv4/IPv6 address, or null (never a lookup). */
    static InetAddress literal(String host) {
        if (host.isEmpty()) {
            return null;
        }
        char c0 = host.charAt(0);
        boolean maybe4 = Character.isDigit(c0) && host.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.');
        boolean maybe6 = host.indexOf(':') >= 0;
        if (!maybe4 && !maybe6) {
            return null;
        }
        if (maybe4) {
            String[] parts = host.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            String h = host;
            int pct = h.indexOf('%');
            if (pct >= 0) {
                h = h.substring(0, pct);
            }
            return InetAddress.getByName(h); // a literal: the JDK parses it without a query
        } catch (IOException e) {
            return null;
        }
    }

    static List<InetAddress> lookupAll(String host) throws SocketError {
        return lookupAll(host, null);
    }

    /** All addresses of {@code host}: a literal, or the answer {@code policy} gives (null: the resolver's). */
    static List<InetAddress> lookupAll(String host, NetworkPolicy policy) throws SocketError {
        InetAddress lit = literal(host);
        if (lit != null) {
            return List.of(lit);
        }
        if (host.isEmpty()) {
            throw new SocketError.AddressLookup(Errno.EAI_NONAME);
        }
        return policy == null ? SocketModule.resolver().lookup(host) : policy.lookup(host);
    }

    /** One address of {@code host} for a socket of {@code family}. "" is the wildcard address. */
    static InetAddress resolve(int family, String host) throws SocketError {
        return resolve(family, host, null);
    }

    /** {@link #resolve(int, String)} with names answered as {@code policy} says (null: the resolver). */
    static InetAddress resolve(int family, String host, NetworkPolicy policy) throws SocketError {
        if (host.isEmpty()) {
            return literal(family == AF_INET6 ? "::" : "0.0.0.0");
        }
        if (host.equals("<broadcast>")) {
            return literal("255.255.255.255");
        }
        List<InetAddress> all = lookupAll(host, policy);
        for (InetAddress a : all) {
            if (family == AF_UNSPEC || (family == AF_INET) == (a instanceof Inet4Address)) {
                return a;
            }
        }
        if (family == AF_INET6 && !all.isEmpty()) {
            // An AF_INET6 socket reaches IPv4 hosts through mapped addresses, as Linux does.
            return all.get(0);
        }
        throw new SocketError.AddressLookup(Errno.EAI_ADDRFAMILY);
    }

    static InetSocketAddress inetAddress(int family, String host, int port, int scopeId) throws SocketError {
        return inetAddress(family, host, port, scopeId, null);
    }

    /** {@link #inetAddress(int, String, int, int)} with names answered as {@code policy} says (null: the resolver). */
    static InetSocketAddress inetAddress(int family, String host, int port, int scopeId, NetworkPolicy policy)
            throws SocketError {
        if (family == AF_UNIX) {
            throw new SocketError(Errno.EAFNOSUPPORT);
        }
        if (port < 0 || port > 65535) {
            throw new SocketError(Errno.EINVAL, "port must be 0-65535");
        }
        InetAddress a = resolve(family, host, policy);
        if (scopeId != 0 && a instanceof Inet6Address) {
            try {
                a = Inet6Address.getByAddress(null, a.getAddress(), scopeId);
            } catch (IOException e) {
                throw SocketError.from(e);
            }
        }
        return new InetSocketAddress(a, port);
    }

    /** An address in Python's form: (host, port), (host, port, flowinfo, scope_id), or a path. */
    static Object pythonAddress(int family, SocketAddress a) {
        if (a instanceof UnixDomainSocketAddress u) {
            return u.getPath().toString();
        }
        InetSocketAddress i = (InetSocketAddress) a;
        InetAddress addr = i.getAddress();
        if (family == AF_INET6) {
            String h = addr instanceof Inet4Address ? "::ffff:" + addr.getHostAddress() : compact6(addr.getHostAddress());
            int scope = addr instanceof Inet6Address a6 ? a6.getScopeId() : 0;
            return new Object[] {h, i.getPort(), 0, scope};
        }
        return new Object[] {addr.getHostAddress(), i.getPort()};
    }

    /** The JDK writes IPv6 addresses in full ("0:0:0:0:0:0:0:1"); Python writes "::1". */
    static String compact6(String full) {
        int pct = full.indexOf('%');
        String s = pct >= 0 ? full.substring(0, pct) : full;
        try {
            byte[] b = InetAddress.getByName(s).getAddress();
            if (b.length != 16) {
                return s;
            }
            int[] g = new int[8];
            for (int k = 0; k < 8; k++) {
                g[k] = ((b[2 * k] & 0xff) << 8) | (b[2 * k + 1] & 0xff);
            }
            int bestStart = -1, bestLen = 0;
            for (int k = 0; k < 8; ) {
                if (g[k] == 0) {
                    int j = k;
                    while (j < 8 && g[j] == 0) {
                        j++;
                    }
                    if (j - k > bestLen && j - k >= 2) {
                        bestStart = k;
                        bestLen = j - k;
                    }
                    k = j;
                } else {
                    k++;
                }
            }
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 8; k++) {
                if (k == bestStart) {
                    sb.append(k == 0 ? "::" : ":");
                    k += bestLen - 1;
                    continue;
                }
                sb.append(Integer.toHexString(g[k]));
                if (k < 7) {
                    sb.append(':');
                }
            }
            return sb.toString();
        } catch (IOException e) {
            return s;
        }
    }

    static String describe(SocketAddress a) {
        if (a == null) {
            return "-";
        }
        if (a instanceof InetSocketAddress i) {
            String h = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            return (h.indexOf(':') >= 0 ? "[" + compact6(h) + "]" : h) + ":" + i.getPort();
        }
        return a.toString();
    }

    /** An AF_UNIX path as java.nio takes it: no abstract names (java.nio has none), at most 107 bytes. */
    static SocketAddress unix(String path) throws SocketError {
        if (path.isEmpty() || path.charAt(0) == '\0') {
            throw SocketError.unsupported(Errno.EOPNOTSUPP, "java.nio has no abstract AF_UNIX addresses");
        }
        if (path.length() > 107) {
            throw new SocketError(Errno.EINVAL, "AF_UNIX path too long");
        }
        return UnixDomainSocketAddress.of(path);
    }

    /**
     * A Java caller's address as a socket of {@code family} takes it, through the same checks and
     * resolver as Python's (host, port): an unresolved {@link InetSocketAddress} is resolved by
     * pysock's {@link Resolver}.
     */
    static SocketAddress fromJava(int family, SocketAddress address) throws SocketError {
        if (address instanceof UnixDomainSocketAddress u) {
            if (family != AF_UNIX) {
                throw new SocketError(Errno.EAFNOSUPPORT);
            }
            return unix(u.getPath().toString());
        }
        if (address instanceof InetSocketAddress isa) {
            String host;
            int scope = 0;
            if (isa.isUnresolved()) {
                host = isa.getHostString();
            } else {
                host = isa.getAddress().getHostAddress();
                int pct = host.indexOf('%');
                host = pct >= 0 ? host.substring(0, pct) : host;
                scope = isa.getAddress() instanceof Inet6Address a6 ? a6.getScopeId() : 0;
            }
            return inetAddress(family, host, isa.getPort(), scope);
        }
        throw new SocketError(address == null ? Errno.EINVAL : Errno.EAFNOSUPPORT);
    }

    /** The family a Java address belongs to. */
    static int familyOf(SocketAddress address) throws SocketError {
        if (address instanceof UnixDomainSocketAddress) {
            return AF_UNIX;
        }
        if (address instanceof InetSocketAddress isa) {
            return isa.getAddress() instanceof Inet6Address ? AF_INET6 : AF_INET;
        }
        throw new SocketError(Errno.EAFNOSUPPORT);
    }
}
