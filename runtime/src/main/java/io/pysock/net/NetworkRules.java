package io.pysock.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link NetworkPolicy} made of a base ({@code all}, {@code loopback}, {@code none}) and an
 * allow-list: what the command line's {@code --net} and {@code --net-allow} and a scenario's
 * {@code net:}/{@code net-allow:} say. Refusals name the policy as it was written.
 *
 * <pre>{@code
 * NetworkPolicy p = NetworkRules.parse("none", "127.0.0.1:8080,10.0.0.0/8:443,db.internal:5432,/run/app.sock");
 * }</pre>
 *
 * <p>Allow-list items: an address ({@code 10.1.2.3}, {@code [::1]}), a CIDR range
 * ({@code 10.0.0.0/8}), or a host name, each with an optional {@code :PORT} (none, or {@code :*}:
 * every port); or an AF_UNIX path (starts with {@code /}; one ending in {@code /} allows the
 * sockets in that folder). A host name on the list may be looked up (through pysock's resolver,
 * so DNS) and the addresses it resolves to are allowed. Under {@code loopback} and {@code none},
 * every other name is answered from {@code /etc/hosts} only, and AF_UNIX paths not on the list are
 * refused (a container runtime's control socket is a path).
 */
public final class NetworkRules implements NetworkPolicy {
    /** What is allowed before the allow-list. */
    public enum Base {
        /** Everything (the list adds nothing). */
        ALL,
        /** Loopback addresses, and binding the wildcard address. */
        LOOPBACK,
        /** Nothing. */
        NONE
    }

    static final NetworkRules NONE = new NetworkRules(Base.NONE, List.of(), "NetworkPolicy.denyAll()");
    static final NetworkRules LOOPBACK = new NetworkRules(Base.LOOPBACK, List.of(), "NetworkPolicy.loopbackOnly()");

    private final Base base;
    private final List<Rule> allowed;
    private final String name;

    private NetworkRules(Base base, List<Rule> allowed, String name) {
        this.base = base;
        this.allowed = List.copyOf(allowed);
        this.name = name;
    }

    /**
     * The policy of {@code --net NET --net-allow LIST}: {@code net} is all, loopback or none
     * (null: none when a list is given, else all); {@code allow} a comma-separated list (null or
     * empty: none).
     *
     * @throws IllegalArgumentException naming the bad word
     */
    public static NetworkPolicy parse(String net, String allow) {
        List<Rule> rules = new ArrayList<>();
        List<String> items = new ArrayList<>();
        if (allow != null) {
            for (String item : allow.split(",")) {
                String t = item.trim();
                if (!t.isEmpty()) {
                    rules.add(Rule.parse(t));
                    items.add(t);
                }
            }
        }
        Base b;
        if (net == null) {
            b = rules.isEmpty() ? Base.ALL : Base.NONE;
        } else {
            b = switch (net.trim().toLowerCase(Locale.ROOT)) {
                case "all" -> Base.ALL;
                case "loopback" -> Base.LOOPBACK;
                case "none" -> Base.NONE;
                default -> throw new IllegalArgumentException("--net must be all, loopback or none, not '" + net + "'");
            };
        }
        if (b == Base.ALL && rules.isEmpty()) {
            return ALLOW_ALL;
        }
        String n = "--net " + b.name().toLowerCase(Locale.ROOT) + (items.isEmpty() ? "" : " --net-allow " + String.join(",", items));
        return new NetworkRules(b, rules, n);
    }

    /** The policy as it was written (for messages). */
    @Override
    public String toString() {
        return name;
    }

    @Override
    public void check(Operation op, SocketAddress address) throws SocketError {
        if (base == Base.ALL) {
            return;
        }
        if (address instanceof UnixDomainSocketAddress u) {
            String path = UnixPaths.checked(u.getPath(), op == Operation.BIND);
            for (Rule r : allowed) {
                if (r instanceof UnixRule ur && ur.matches(path)) {
                    return;
                }
            }
            throw NetworkPolicy.deny(op, address, name);
        }
        if (address instanceof InetSocketAddress isa && isa.getAddress() != null) {
            InetAddress a = isa.getAddress();
            if (base == Base.LOOPBACK && (a.isLoopbackAddress() || (op == Operation.BIND && a.isAnyLocalAddress()))) {
                return;
            }
            for (Rule r : allowed) {
                if (r.allows(a, isa.getPort())) {
                    return;
                }
            }
        }
        throw NetworkPolicy.deny(op, address, name);
    }

    @Override
    public List<InetAddress> lookup(String host) throws SocketError {
        if (base == Base.ALL) {
            return SocketModule.resolver().lookup(host);
        }
        for (Rule r : allowed) {
            if (r instanceof NameRule n && n.host.equalsIgnoreCase(host)) {
                return SocketModule.resolver().lookup(host);
            }
        }
        List<InetAddress> local = HostsFile.lookup(host);
        if (!local.isEmpty()) {
            return local;
        }
        throw new SocketError.PermissionDenied(Errno.EACCES, Errno.strerror(Errno.EACCES)
                + " (pysock: network policy refuses lookup of " + host + ": names come from "
                + HostsFile.PATH + " only; policy: " + name + ")");
    }

    @Override
    public String reverse(InetAddress address) throws SocketError {
        if (base == Base.ALL) {
            return SocketModule.resolver().reverse(address);
        }
        String local = HostsFile.nameOf(address);
        if (local != null) {
            return local;
        }
        throw new SocketError.PermissionDenied(Errno.EACCES, Errno.strerror(Errno.EACCES)
                + " (pysock: network policy refuses reverse lookup of " + address.getHostAddress() + ": names come from "
                + HostsFile.PATH + " only; policy: " + name + ")");
    }

    /** One allow-list item. */
    private sealed interface Rule permits NetRule, NameRule, UnixRule {
        boolean allows(InetAddress a, int port);

        static Rule parse(String item) {
            if (item.startsWith("/")) {
                return new UnixRule(item);
            }
            if (item.startsWith("unix:")) {
                return new UnixRule(item.substring(5));
            }
            String host = item;
            int port = -1;
            if (item.startsWith("[")) {
                int close = item.indexOf(']');
                if (close < 0) {
                    throw bad(item, "missing ]");
                }
                host = item.substring(1, close);
                String rest = item.substring(close + 1);
                if (rest.startsWith("/")) {
                    int colon = rest.indexOf(':');
                    host += colon < 0 ? rest : rest.substring(0, colon);
                    rest = colon < 0 ? "" : rest.substring(colon);
                }
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw bad(item, "expected :PORT after ]");
                    }
                    port = port(item, rest.substring(1));
                }
            } else if (item.indexOf(':') == item.lastIndexOf(':') && item.indexOf(':') >= 0) {
                host = item.substring(0, item.indexOf(':'));
                port = port(item, item.substring(item.indexOf(':') + 1));
            }
            int slash = host.indexOf('/');
            String addr = slash < 0 ? host : host.substring(0, slash);
            InetAddress a = Addresses.literal(addr);
            if (a == null) {
                if (slash >= 0 || addr.isEmpty() || !addr.matches("[A-Za-z0-9.-]+")) {
                    throw bad(item, "not an address, a CIDR range, a host name or an AF_UNIX path");
                }
                return new NameRule(addr, port);
            }
            int bits = a.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(host.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw bad(item, "bad prefix length");
                }
                if (prefix < 0 || prefix > bits) {
                    throw bad(item, "prefix length must be 0-" + bits);
                }
            }
            return new NetRule(a.getAddress(), prefix, port);
        }

        private static int port(String item, String p) {
            if (p.equals("*")) {
                return -1;
            }
            try {
                int n = Integer.parseInt(p);
                if (n >= 0 && n <= 65535) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw bad(item, "port must be 0-65535 or *");
        }

        private static IllegalArgumentException bad(String item, String why) {
            return new IllegalArgumentException("--net-allow " + item + ": " + why);
        }
    }

    /** An address or CIDR range, and a port (-1: any). */
    private record NetRule(byte[] network, int prefix, int port) implements Rule {
        @Override
        public boolean allows(InetAddress a, int p) {
            if (port >= 0 && p != port) {
                return false;
            }
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (b[full] & mask) == (network[full] & mask);
        }
    }

    /** A host name: its addresses (as the resolver gives them when asked) and a port (-1: any). */
    private record NameRule(String host, int port) implements Rule {
        @Override
        public boolean allows(InetAddress a, int p) {
            if (port >= 0 && p != port) {
                return false;
            }
            try {
                return SocketModule.resolver().lookup(host).contains(a);
            } catch (SocketError e) {
                return false;
            }
        }
    }

    /** An AF_UNIX path, or every socket in a folder (ends with /). */
    private record UnixRule(String path) implements Rule {
        UnixRule {
            Path p = Path.of(path).toAbsolutePath().normalize();
            path = path.endsWith("/") ? p + "/" : p.toString();
        }

        @Override
        public boolean allows(InetAddress a, int port) {
            return false;
        }

        boolean matches(String checked) {
            return path.endsWith("/") ? checked.startsWith(path) && checked.indexOf('/', path.length()) < 0
                    : checked.equals(path);
        }
    }

    /** AF_UNIX paths as the kernel will reach them, so "..", and symbolic links in the folders, do not get round a rule. */
    private static final class UnixPaths {
        static String checked(Path path, boolean bind) {
            Path abs = path.toAbsolutePath().normalize();
            try {
                if (!bind && Files.exists(abs)) {
                    return abs.toRealPath().toString();
                }
                Path dir = abs.getParent();
                if (dir != null && Files.isDirectory(dir)) {
                    return dir.toRealPath().resolve(abs.getFileName()).toString();
                }
            } catch (IOException e) {
                // unreadable: the normalised path is checked, and the kernel answers the rest
            }
            return abs.toString();
        }
    }

    /** Names answered from the hosts file only, as a policy without the network answers them. */
    static final class HostsFile {
        static final String PATH = "/etc/hosts";

        private HostsFile() {
        }

        /** Each entry of the hosts file: the address, then its names. */
        private static List<String[]> entries() {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(PATH));
            } catch (IOException | RuntimeException e) {
                lines = List.of();
            }
            List<String[]> entries = new ArrayList<>();
            for (String line : lines) {
                int hash = line.indexOf('#');
                String[] f = (hash < 0 ? line : line.substring(0, hash)).trim().split("\\s+");
                if (f.length >= 2) {
                    entries.add(f);
                }
            }
            return entries;
        }

        /** The first name the hosts file gives {@code address}, or null. */
        static String nameOf(InetAddress address) {
            for (String[] f : entries()) {
                if (address.equals(Addresses.literal(f[0]))) {
                    return f[1];
                }
            }
            return null;
        }

        static List<InetAddress> lookup(String host) {
            List<InetAddress> found = new ArrayList<>();
            for (String[] f : entries()) {
                for (int i = 1; i < f.length; i++) {
                    if (f[i].equalsIgnoreCase(host)) {
                        InetAddress a = Addresses.literal(f[0]);
                        if (a != null && !found.contains(a)) {
                            found.add(a);
                        }
                        break;
                    }
                }
            }
            if (found.isEmpty() && host.equalsIgnoreCase("localhost")) {
                // glibc answers localhost without a hosts entry too
                found.add(InetAddress.getLoopbackAddress());
            }
            return found;
        }
    }
}
