package io.pysock.net;

import static io.pysock.net.NetTestSupport.*;
import static io.pysock.net.Poller.*;
import static io.pysock.net.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Readiness as Linux poll(2) reports it, from the Java side of select/poll/epoll. */
@Timeout(30)
class PollerTest {
    private static final long SECOND = 1_000_000_000L;

    private static Map<Integer, Integer> poll(Poller p, long nanos) throws SocketError {
        int[] pairs = p.pollNanos(nanos, -1);
        Map<Integer, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static void send(PySocket s, String text) throws SocketError {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        s.sendall(b, 0, b.length, 0);
    }

    @Test
    void readableOnlyWhileDataIsThereLevelTriggered() throws Exception {
        try (Conn k = new Conn(); Poller p = Poller.open(Mode.POLL)) {
            assertEquals(0, p.add(k.server.fileno(), POLLIN, false));
            assertEquals(Map.of(), poll(p, 0), "nothing sent yet");
            send(k.client, "hi");
            assertEquals(Map.of(k.server.fileno(), POLLIN), poll(p, SECOND));
            assertEquals(Map.of(k.server.fileno(), POLLIN), poll(p, 0), "still unread: reported again");
            k.server.recvInto(new byte[10], 0, 10, 0);
            assertEquals(Map.of(), poll(p, 0), "drained");
        }
    }

    @Test
    void peerCloseMakesTheSocketReadableAndRecvReturnsEof() throws Exception {
        try (Conn k = new Conn(); Poller p = Poller.open(Mode.EPOLL)) {
            p.add(k.server.fileno(), POLLIN, true);
            k.client.close();
            assertEquals(Map.of(k.server.fileno(), POLLIN), poll(p, SECOND));
            assertEquals(0, k.server.recvInto(new byte[4], 0, 4, 0));
        }
    }

    @Test
    void listenerIsReadableWhenAClientWaits() throws Exception {
        try (PySocket l = listener(); PySocket c = PySocket.open(AF_INET, SOCK_STREAM);
                Poller p = Poller.open(Mode.SELECT)) {
            p.add(l.fileno(), POLLIN, false);
            assertEquals(Map.of(), poll(p, 0));
            c.connect(LO, port(l));
            assertEquals(Map.of(l.fileno(), POLLIN), poll(p, SECOND));
        }
    }

    @Test
    void socketThatListensAfterRegistrationIsWatchedOnItsNewChannel() throws Exception {
        try (PySocket l = PySocket.open(AF_INET, SOCK_STREAM); PySocket c = PySocket.open(AF_INET, SOCK_STREAM);
                Poller p = Poller.open(Mode.POLL)) {
            l.bind(LO, 0);
            p.add(l.fileno(), POLLIN, false);
            assertEquals(Map.of(l.fileno(), POLLHUP), poll(p, 0), "unconnected: Linux says POLLHUP");
            l.listen(4);
            assertEquals(Map.of(), poll(p, 0));
            c.connect(LO, port(l));
            assertEquals(Map.of(l.fileno(), POLLIN), poll(p, SECOND));
        }
    }

    @Test
    void nonBlockingConnectCompletesAsWritable() throws Exception {
        try (PySocket l = listener(); PySocket c = PySocket.open(AF_INET, SOCK_STREAM);
                Poller p = Poller.open(Mode.EPOLL)) {
            c.setblocking(false);
            assertEquals(Errno.EINPROGRESS, c.connectEx(LO, port(l)));
            p.add(c.fileno(), POLLOUT, true);
            assertEquals(Map.of(c.fileno(), POLLOUT), poll(p, SECOND));
            assertEquals(0, c.getsockopt(SOL_SOCKET, SO_ERROR));
        }
    }

    @Test
    void refusedConnectReportsWhatLinuxReports() throws Exception {
        int port;
        try (PySocket l = listener()) {
            port = port(l); // closed again: nobody listens there now
        }
        try (PySocket c = PySocket.open(AF_INET, SOCK_STREAM); Poller p = Poller.open(Mode.POLL)) {
            c.setblocking(false);
            assertEquals(Errno.EINPROGRESS, c.connectEx(LO, port));
            p.add(c.fileno(), POLLIN | POLLOUT, false);
            assertEquals(Map.of(c.fileno(), POLLIN | POLLOUT | POLLERR | POLLHUP), poll(p, SECOND));
            p.modify(c.fileno(), POLLOUT);
            assertEquals(Map.of(c.fileno(), POLLOUT | POLLERR | POLLHUP), poll(p, 0), "POLLIN only if asked");
            assertEquals(Errno.ECONNREFUSED, c.getsockopt(SOL_SOCKET, SO_ERROR));
        }
    }

    @Test
    void closedDescriptorIsPollnvalForPollAndDroppedByEpoll() throws Exception {
        try (Conn k = new Conn(); Poller poll = Poller.open(Mode.POLL); Poller epoll = Poller.open(Mode.EPOLL)) {
            int fd = k.client.fileno();
            poll.add(fd, POLLIN, false);
            epoll.add(fd, POLLIN, true);
            k.client.close();
            assertEquals(Map.of(fd, POLLNVAL), poll(poll, 0));
            assertEquals(Map.of(), poll(epoll, 0));
            assertErrno(SocketError.class, Errno.EBADF, () -> epoll.remove(fd)); // epoll_ctl on a closed fd
        }
    }

    @Test
    void closingARegisteredListenerFreesItsPortAtOnce() throws Exception {
        try (Poller p = Poller.open(Mode.POLL)) {
            PySocket l = listener();
            int port = port(l);
            p.add(l.fileno(), POLLIN, false);
            poll(p, 0); // registered with the poller's selector now
            l.close();
            try (PySocket c = PySocket.open(AF_INET, SOCK_STREAM)) {
                assertEquals(Errno.ECONNREFUSED, c.connectEx(LO, port), "nobody may listen after close()");
            }
        }
    }

    @Test
    void epollRegistrationErrorsCarryLinuxErrnos() throws Exception {
        try (Conn k = new Conn(); Poller p = Poller.open(Mode.EPOLL)) {
            p.add(k.server.fileno(), POLLIN, true);
            assertErrno(SocketError.class, Errno.EEXIST, () -> p.add(k.server.fileno(), POLLIN, true));
            assertErrno(SocketError.class, Errno.ENOENT, () -> p.modify(k.client.fileno(), POLLIN));
            assertEquals(Errno.EBADF, p.add(123456, POLLIN, true), "not a socket: the caller decides");
            assertTrue(p.fileno() >= 0, "an epoll object has a descriptor");
        }
    }

    @Test
    void oneshotFiresOnceUntilModified() throws Exception {
        try (Conn k = new Conn(); Poller p = Poller.open(Mode.EPOLL)) {
            p.add(k.server.fileno(), POLLIN | EPOLLONESHOT, true);
            send(k.client, "x");
            assertEquals(1, poll(p, SECOND).size());
            assertEquals(Map.of(), poll(p, 0), "disarmed");
            p.modify(k.server.fileno(), POLLIN);
            assertEquals(Map.of(k.server.fileno(), POLLIN), poll(p, 0));
        }
    }

    @Test
    void timeoutReturnsNothingAfterTheWait() throws Exception {
        try (Conn k = new Conn(); Poller p = Poller.open(Mode.POLL)) {
            p.add(k.server.fileno(), POLLIN, false);
            long t0 = System.nanoTime();
            assertEquals(Map.of(), poll(p, SECOND / 5));
            assertTrue(System.nanoTime() - t0 >= SECOND / 5 - 5_000_000, "waited the timeout");
        }
    }

    @Test
    void aWaitWakesForDataSentFromAnotherThread() throws Exception {
        try (Conn k = new Conn(); Poller p = Poller.open(Mode.POLL)) {
            p.add(k.server.fileno(), POLLIN, false);
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(100);
                    send(k.client, "late");
                } catch (Exception ignored) {
                    // the assertion below fails instead
                }
            });
            t.start();
            assertEquals(Map.of(k.server.fileno(), POLLIN), poll(p, 10 * SECOND));
            t.join();
        }
    }

    @Test
    void ctrlCInterruptsAWaitWithEintr() throws Exception {
        try (Conn k = new Conn(); Poller p = Poller.open(Mode.POLL)) {
            p.add(k.server.fileno(), POLLIN, false);
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ignored) {
                    return;
                }
                Interrupts.interruptWaits();
            });
            t.start();
            assertErrno(SocketError.class, Errno.EINTR, () -> p.pollNanos(-1, -1));
            t.join();
        }
    }

    @Test
    void stdinIsReadableWhenInputArrivesAndAtEof() throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        SelectableInput in = new SelectableInput(new PipedInputStream(feed));
        SocketModule module = new SocketModule();
        module.setStdin(in);
        try (Poller p = module.poller("poll")) {
            assertEquals(0, p.add(0, POLLIN, false));
            assertEquals(Map.of(), poll(p, SECOND / 10), "no input yet");
            feed.write("line\n".getBytes(StandardCharsets.US_ASCII));
            feed.flush();
            assertEquals(Map.of(0, POLLIN), poll(p, 5 * SECOND));
            byte[] buf = new byte[16];
            assertEquals(5, in.read(buf, 0, buf.length));
            feed.close();
            assertEquals(Map.of(0, POLLIN), poll(p, 5 * SECOND), "end of input is readable");
            assertEquals(-1, in.read(buf, 0, buf.length));
        }
    }

    @Test
    void peekedBytesKeepTheSocketReadable() throws Exception {
        try (Conn k = new Conn(); Poller p = Poller.open(Mode.POLL)) {
            send(k.client, "abc");
            byte[] b = new byte[3];
            k.server.recvInto(b, 0, 3, MSG_PEEK);
            p.add(k.server.fileno(), POLLIN, false);
            assertEquals(Map.of(k.server.fileno(), POLLIN), poll(p, 0));
        }
    }
}
