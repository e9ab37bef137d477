package io.pysock.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * java.io streams over a connected stream socket, for Java callers: each read is a
 * {@code recvInto} and each write a {@code sendall}, so the socket's timeout rule applies
 * ({@link SocketError.Timeout} is an {@link IOException}; the stream stays usable after it).
 * Closing a stream does not close the socket, as with Python's {@code makefile()}.
 */
final class SocketStreams {
    private SocketStreams() {
    }

    static InputStream input(PySocket s) {
        return new InputStream() {
            private volatile boolean closed;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (closed) {
                    throw new IOException("stream closed");
                }
                if (len == 0) {
                    return 0;
                }
                int n = s.recvInto(b, off, len, 0);
                return n == 0 ? -1 : n;
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    static OutputStream output(PySocket s) {
        return new OutputStream() {
            private volatile boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (closed) {
                    throw new IOException("stream closed");
                }
                s.sendall(b, off, len, 0);
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }
}
