package io.pysock.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Selector;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A script's standard input that {@code select} can wait on, as chat clients do with
 * {@code select([sys.stdin, sock], [], [])}.
 *
 * <p>A Java {@link InputStream} cannot say "readable" (at end of input {@code available()} is 0,
 * the same as "nothing yet"), so the first time a poller asks, a daemon thread starts reading the
 * underlying stream ahead into a buffer; from then on readiness is "buffer not empty, or end of
 * input", exactly poll(2)'s answer for a pipe or terminal, and reads are served from the buffer.
 * Until anyone asks, reads go straight through and nothing is read ahead.
 *
 * <pre>{@code
 * SelectableInput in = new SelectableInput(System.in);
 * socketModule.setStdin(in);      // select()/poll() on fd 0 now wait on it
 * }</pre>
 */
public final class SelectableInput extends InputStream {
    private final InputStream source;
    private final Set<Selector> waiters = ConcurrentHashMap.newKeySet();
    private final byte[] buf = new byte[64 * 1024];
    private int head;
    private int count;
    private boolean eof;
    private IOException failure;
    private boolean pumping;

    public SelectableInput(InputStream source) {
        this.source = source;
    }

    /** True if a read would not block: input buffered or the end reached. Starts the read-ahead. */
    public synchronized boolean ready() {
        if (!pumping) {
            pumping = true;
            Thread t = new Thread(this::pump, "pysock-stdin");
            t.setDaemon(true);
            t.start();
        }
        return count > 0 || eof || failure != null;
    }

    void addWaiter(Selector s) {
        waiters.add(s);
    }

    void removeWaiter(Selector s) {
        waiters.remove(s);
    }

    private void pump() {
        byte[] chunk = new byte[8192];
        while (true) {
            int n;
            try {
                n = source.read(chunk, 0, chunk.length);
            } catch (IOException e) {
                synchronized (this) {
                    failure = e;
                    notifyAll();
                }
                wakeWaiters();
                return;
            }
            synchronized (this) {
                if (n < 0) {
                    eof = true;
                }
                for (int i = 0; i < n; i++) {
                    while (count == buf.length) {
                        try {
                            wait(); // the script reads slower than input arrives: hold back
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    buf[(head + count) % buf.length] = chunk[i];
                    count++;
                    if (count == buf.length) {
                        notifyAll();
                    }
                }
                notifyAll();
            }
            wakeWaiters();
            if (n < 0) {
                return;
            }
        }
    }

    private void wakeWaiters() {
        for (Selector s : waiters) {
            s.wakeup();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        synchronized (this) {
            if (pumping) {
                if (len == 0) {
                    return 0;
                }
                while (count == 0 && !eof && failure == null) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                }
                if (count == 0) {
                    if (failure != null) {
                        throw failure;
                    }
                    return -1;
                }
                int n = Math.min(len, count);
                for (int i = 0; i < n; i++) {
                    b[off + i] = buf[(head + i) % buf.length];
                }
                head = (head + n) % buf.length;
                count -= n;
                notifyAll();
                return n;
            }
        }
        return source.read(b, off, len);
    }

    @Override
    public synchronized int available() throws IOException {
        return pumping ? count : source.available();
    }
}
