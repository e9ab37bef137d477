package io.pysock.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns host names into addresses for every pysock socket. The default asks the JDK (hosts file,
 * then DNS, as CPython's getaddrinfo does); tests and sandboxes install their own with
 * {@link SocketModule#setResolver} so that no query ever leaves the machine.
 *
 * <pre>{@code
 * SocketModule.setResolver(new Resolver() {
 *     public List<InetAddress> lookup(String host) throws SocketError.AddressLookup {
 *         if (host.equals("db.test")) return List.of(InetAddress.getLoopbackAddress());
 *         throw new SocketError.AddressLookup(Errno.EAI_NONAME);
 *     }
 *     public String reverse(InetAddress a) throws SocketError.HostLookup { throw new SocketError.HostLookup("Unknown host"); }
 * });
 * }</pre>
 */
public interface Resolver {
    /** All addresses of {@code host} (never a literal: literals are parsed before this is asked). */
    List<InetAddress> lookup(String host) throws SocketError.AddressLookup;

    /** The name of {@code address}, or throws {@link SocketError.HostLookup}. */
    String reverse(InetAddress address) throws SocketError.HostLookup;

    /** The JDK's resolver. */
    Resolver SYSTEM = new Resolver() {
        @Override
        public List<InetAddress> lookup(String host) throws SocketError.AddressLookup {
            try {
                return List.of(InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                throw new SocketError.AddressLookup(Errno.EAI_NONAME);
            } catch (SecurityException e) {
                throw new SocketError.AddressLookup(Errno.EAI_FAIL);
            }
        }

        @Override
        public String reverse(InetAddress address) throws SocketError.HostLookup {
            String name = address.getCanonicalHostName();
            // The JDK answers a failed reverse lookup with the literal itself; CPython raises herror.
            if (name.equals(address.getHostAddress())) {
                throw new SocketError.HostLookup("Unknown host");
            }
            return name;
        }
    };
}
