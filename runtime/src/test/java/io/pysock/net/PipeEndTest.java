package io.pysock.net;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A run's os.pipe() ends: read and written as os.read/os.write, and watched by its pollers as Linux reports pipes. */
@Timeout(30)
class PipeEndTest {
    private final SocketModule mod = new SocketModule();

    @AfterEach
    void closeAll() {
        mod.closeAll();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void pollSeesDataThenHangUpAfterTheWriterCloses() throws Exception {
        int[] fds = mod.pipe();
        int r = fds[0], w = fds[1];
        Poller p = mod.pollObject();
        p.watch(r, Poller.POLLIN, false);
        assertArrayEquals(new int[0], p.pollNanos(0, -1));
        assertEquals(2, mod.pipeEnd(w).write(bytes("hi"), 2));
        assertArrayEquals(new int[] {r, Poller.POLLIN}, p.pollNanos(5_000_000_000L, -1));
        mod.closePipe(w);
        // bytes left: readable and hung up; then empty: hung up only, and read says EOF
        assertArrayEquals(new int[] {r, Poller.POLLIN | Poller.POLLHUP}, p.pollNanos(5_000_000_000L, -1));
        byte[] buf = new byte[10];
        assertEquals(2, mod.pipeEnd(r).read(buf, 10));
        assertEquals("hi", new String(buf, 0, 2, StandardCharsets.US_ASCII));
        assertArrayEquals(new int[] {r, Poller.POLLHUP}, p.pollNanos(5_000_000_000L, -1));
        assertEquals(0, mod.pipeEnd(r).read(buf, 10));
    }

    @Test
    void writeWithoutReaderIsEpipeAndPollErr() throws Exception {
        int[] fds = mod.pipe();
        mod.closePipe(fds[0]);
        SocketError e = assertThrows(SocketError.class, () -> mod.pipeEnd(fds[1]).write(bytes("x"), 1));
        assertEquals(Errno.EPIPE, e.errno());
        Poller p = mod.pollObject();
        p.watch(fds[1], Poller.POLLOUT, false);
        int[] ready = p.pollNanos(5_000_000_000L, -1);
        assertEquals(fds[1], ready[0]);
        assertEquals(Poller.POLLERR, ready[1] & Poller.POLLERR);
    }

    @Test
    void aDupKeepsTheEndOpenAndAClosedNumberIsPollNval() throws Exception {
        int[] fds = mod.pipe();
        int dup = mod.dupPipe(fds[0]);
        assertNotEquals(fds[0], dup);
        mod.closePipe(fds[0]);
        assertFalse(mod.pipeEnd(dup).isClosed());
        mod.pipeEnd(fds[1]).write(bytes("a"), 1);
        byte[] buf = new byte[4];
        assertEquals(1, mod.pipeEnd(dup).read(buf, 4));
        mod.closePipe(dup);
        assertNull(mod.pipeEnd(dup));
        assertThrows(SocketError.class, () -> mod.closePipe(dup));
        Poller p = mod.pollObject();
        p.watch(dup, Poller.POLLIN, false);
        assertArrayEquals(new int[] {dup, Poller.POLLNVAL}, p.pollNanos(0, -1));
    }

    @Test
    void nonBlockingReadOfAnEmptyPipeIsEagain() throws Exception {
        int[] fds = mod.pipe();
        PipeEnd r = mod.pipeEnd(fds[0]);
        r.setBlocking(false);
        SocketError e = assertThrows(SocketError.class, () -> r.read(new byte[4], 4));
        assertEquals(Errno.EAGAIN, e.errno());
    }
}
