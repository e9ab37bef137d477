package io.pysock.daemon;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A run's stdin, read from the client one request at a time: nothing is taken from the client's
 * terminal or pipe until the script reads (or a select on stdin starts the read-ahead).
 */
final class RemoteStdin extends InputStream {
    private static final byte[] EOF = new byte[0];
    private final DataOutputStream wire;
    private final LinkedBlockingQueue<byte[]> arrived = new LinkedBlockingQueue<>();
    private byte[] current;
    private int pos;
    private boolean ended;
    private boolean asked;

    RemoteStdin(DataOutputStream wire) {
        this.wire = wire;
    }

    /** Bytes the client sent (empty: end of input). */
    void arrived(byte[] b) {
        arrived.add(b.length == 0 ? EOF : b);
    }

    /** The client is gone: readers see end of input. */
    void closed() {
        arrived.add(EOF);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (current == null || pos == current.length) {
            if (ended) {
                return -1;
            }
            if (!asked) {
                Frame.writeInt(wire, Frame.STDIN_WANTED, len);
                asked = true;
            }
            try {
                current = arrived.take();
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
            asked = false;
            pos = 0;
            if (current == EOF) {
                ended = true;
                return -1;
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return current == null ? 0 : current.length - pos;
    }
}
