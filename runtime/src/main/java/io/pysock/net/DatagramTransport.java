package io.pysock.net;

import static io.pysock.net.SocketConstants.AF_INET;
import static io.pysock.net.SocketConstants.MSG_PEEK;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/** A UDP socket: datagrams read whole, an optional fixed peer ("connect"), EMSGSIZE as Linux sets it. */
final class DatagramTransport extends Transport {
    /** The largest UDP payload over IPv4 (65535 minus the IP and UDP headers). */
    private static final int MAX_IPV4_PAYLOAD = 65507;

    private final DatagramChannel ch;

    DatagramTransport(SocketCore core, DatagramChannel ch) {
        super(core);
        this.ch = ch;
    }

    @Override
    SelectableChannel channel() {
        return ch;
    }

    @Override
    SocketAddress remote() {
        try {
            return ch.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    boolean servesOnceBound() {
        return true;
    }

    /** UDP "connect": fixes the peer; nothing is sent, so it never waits. */
    @Override
    void connect(Waiter w, SocketAddress addr) throws SocketError {
        try {
            ch.connect(addr);
        } catch (IOException | RuntimeException e) {
            throw w.fail(e);
        }
        if (w.tracing()) {
            w.trace(Addresses.describe(addr));
        }
    }

    @Override
    int read(Waiter w, byte[] dst, int off, int len, int flags, SocketAddress[] from) throws SocketError {
        w.reportAs("recvfrom");
        boolean peek = (flags & MSG_PEEK) != 0;
        int kept = core.takePeeked(dst, off, len, peek, true, from);
        if (kept >= 0) {
            return kept;
        }
        while (true) {
            // A peek keeps the whole datagram, whatever len asks for: the next read gets it again.
            ByteBuffer buf = peek ? ByteBuffer.allocate(65536) : ByteBuffer.wrap(dst, off, len);
            SocketAddress sender;
            try {
                sender = ch.receive(buf); // on a connected channel, only the peer's datagrams arrive
            } catch (IOException | RuntimeException e) {
                throw w.fail(e);
            }
            if (sender != null) {
                int n;
                if (peek) {
                    buf.flip();
                    core.keepPeeked(buf, sender);
                    n = Math.min(len, buf.remaining());
                    buf.get(buf.position(), dst, off, n);
                } else {
                    n = buf.position() - off;
                }
                if (from != null) {
                    from[0] = sender;
                }
                if (w.tracing()) {
                    w.trace(n + " bytes from " + Addresses.describe(sender));
                }
                return n;
            }
            w.await(ch, SelectionKey.OP_READ);
        }
    }

    @Override
    int write(Waiter w, ByteBuffer buf, int flags, boolean all, SocketAddress to) throws SocketError {
        w.reportAs("sendto");
        if (to == null && !ch.isConnected()) {
            throw new SocketError(Errno.EDESTADDRREQ);
        }
        int len = buf.remaining();
        if (len > MAX_IPV4_PAYLOAD && core.family == AF_INET) {
            throw new SocketError(Errno.EMSGSIZE);
        }
        if (to != null) {
            w.checkPolicy(NetworkPolicy.Operation.SEND, to);
        }
        while (true) {
            int n;
            try {
                n = to == null ? ch.write(buf) : ch.send(buf, to);
            } catch (IOException | RuntimeException e) {
                throw w.fail(e);
            }
            if (n > 0 || len == 0) {
                if (w.tracing()) {
                    w.trace(n + " bytes to " + Addresses.describe(to != null ? to : remote()));
                }
                return n;
            }
            w.await(ch, SelectionKey.OP_WRITE);
        }
    }

    /** Linux accepts it on a connected UDP socket, which has nothing to send; java.nio has no call for it. */
    @Override
    void shutdown(int how) throws IOException {
        if (!ch.isConnected()) {
            throw new SocketError(Errno.ENOTCONN);
        }
    }

    @Override
    int interestOps(int events) {
        return (wantsIn(events) ? SelectionKey.OP_READ : 0) | (wantsOut(events) ? SelectionKey.OP_WRITE : 0);
    }
}
