package io.pysock.net;

import static io.pysock.net.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.function.Executable;

/** Shared helpers for the socket tests: loopback listeners, connected pairs, errno assertions. */
final class NetTestSupport {
    static final String LO = "127.0.0.1";

    private NetTestSupport() {
    }

    /** The port of a socket's local address. */
    static int port(PySocket s) throws SocketError {
        return ((InetSocketAddress) s.localAddress()).getPort();
    }

    /** A TCP listener on 127.0.0.1 with a kernel-chosen port. */
    static PySocket listener() throws SocketError {
        PySocket l = PySocket.open(AF_INET, SOCK_STREAM);
        try {
            l.bind(LO, 0);
            l.listen(16);
            return l;
        } catch (SocketError e) {
            l.close();
            throw e;
        }
    }

    /** A listener, a client connected to it and the accepted server side; closes all three. */
    static final class Conn implements AutoCloseable {
        final PySocket listener;
        final PySocket client;
        final PySocket server;

        Conn() throws SocketError {
            listener = listener();
            PySocket c = null;
            PySocket s = null;
            try {
                c = PySocket.open(AF_INET, SOCK_STREAM);
                c.settimeout(10.0);
                c.connect(LO, port(listener));
                listener.settimeout(10.0);
                s = listener.accept();
                s.settimeout(10.0);
            } catch (SocketError | RuntimeException e) {
                if (c != null) {
                    c.close();
                }
                listener.close();
                throw e;
            }
            client = c;
            server = s;
        }

        @Override
        public void close() {
            client.close();
            server.close();
            listener.close();
        }
    }

    /** Asserts the call raises exactly {@code cls} (not a subclass) with {@code errno}. */
    static <E extends SocketError> E assertErrno(Class<E> cls, int errno, Executable call) {
        E e = assertThrows(cls, call);
        assertEquals(cls, e.getClass(), () -> "exception class; got " + e);
        assertEquals(errno, e.errno(), () -> "errno; got " + e.getClass().getSimpleName() + ": " + e.getMessage());
        return e;
    }

    /** Asserts a plain OSError-like SocketError (Python picks the OSError subclass from the errno). */
    static SocketError assertOsError(int errno, Executable call) {
        SocketError e = assertErrno(SocketError.class, errno, call);
        assertEquals("os", e.kind());
        assertEquals(Errno.strerror(errno), e.strerror());
        return e;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static String str(byte[] b, int n) {
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    static void send(PySocket s, String text) throws SocketError {
        byte[] b = bytes(text);
        s.sendall(b, 0, b.length, 0);
    }

    /** Reads exactly {@code n} bytes (bounded: EOF or the socket's timeout end it). */
    static String recvExactly(PySocket s, int n) throws SocketError {
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            int r = s.recvInto(buf, got, n - got, 0);
            if (r == 0) {
                fail("EOF after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return str(buf, n);
    }

    static Object[] addr(Object pythonAddress) {
        assertInstanceOf(Object[].class, pythonAddress);
        return (Object[]) pythonAddress;
    }
}
