package io.pysock.net;

import static io.pysock.net.NetTestSupport.*;
import static io.pysock.net.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/**
 * Two script runs' socket modules side by side in one JVM, on real sockets: each numbers its own
 * descriptors, reaches no other run's sockets (nor Java's, unless lent), and an interrupt of one
 * wakes only its own waits.
 */
class RunIsolationNetTest {

    private static PySocket listenOn(SocketModule run) throws SocketError {
        PySocket l = run.socket(AF_INET, SOCK_STREAM, 0);
        l.bind(LO, 0);
        l.listen(5);
        return l;
    }

    @Test
    void eachRunNumbersItsOwnDescriptorsAndReachesNoOtherRunsSockets() throws Exception {
        SocketModule a = new SocketModule();
        SocketModule b = new SocketModule();
        try {
            PySocket a0 = a.socket(AF_INET, SOCK_STREAM, 0);
            PySocket b0 = b.socket(AF_INET, SOCK_STREAM, 0);
            assertEquals(1000, a0.fileno(), "a run's first socket");
            assertEquals(1000, b0.fileno(), "the other run's first socket: its own numbering");
            assertSame(a0, a.fromFd(1000));
            assertSame(b0, b.fromFd(1000));

            PySocket aListener = listenOn(a);
            int n = aListener.fileno();
            assertEquals(1001, n);
            assertOsError(Errno.EBADF, () -> b.fromFd(n));
            assertOsError(Errno.EBADF, () -> b.closeFd(n));
            assertOsError(Errno.EBADF, () -> b.dupFd(n));
            try (Poller p = b.poller("epoll"); Poller sel = b.selectPoller(new int[] {n})) {
                assertEquals(Errno.EBADF, p.add(n, Poller.POLLIN, true), "epoll: not a descriptor of this run");
                assertEquals(Errno.EBADF, sel.add(n, Poller.POLLIN, false), "select: not a descriptor of this run");
            }

            // A's listener is untouched: a client still gets through.
            try (PySocket c = PySocket.open(AF_INET, SOCK_STREAM)) {
                c.settimeout(5.0);
                c.connect(LO, port(aListener));
                aListener.settimeout(5.0);
                try (PySocket conn = aListener.accept()) {
                    assertTrue(conn.isScriptOwned());
                    assertSame(conn, a.fromFd(conn.fileno()), "accepted: numbered in the listener's run");
                    assertOsError(Errno.EBADF, () -> b.fromFd(conn.fileno()));
                }
            }
        } finally {
            a.closeAll();
            b.closeAll();
        }
    }

    @Test
    void javaSocketsAreReachableOnlyWhenLent() throws Exception {
        SocketModule run = new SocketModule();
        try (PySocket j = listener()) {
            int fd = j.fileno();
            assertTrue(fd >= FdTable.JAVA_BASE, "Java callers' numbers are apart: " + fd);
            assertSame(j, PySocket.fromFd(fd));
            assertOsError(Errno.EBADF, () -> run.fromFd(fd));
            try (Poller p = run.poller("poll")) {
                assertEquals(Errno.EBADF, p.add(fd, Poller.POLLIN, false));
            }

            run.lend(j);
            assertSame(j, run.fromFd(fd));
            assertFalse(j.isScriptOwned(), "lent, not given: Java still owns it");
            try (Poller p = run.poller("poll")) {
                assertEquals(0, p.add(fd, Poller.POLLIN, false));
            }

            // A dup the script makes of a lent socket is the script's (issue 5), in its numbers.
            int d = run.dupFd(fd);
            PySocket dup = run.fromFd(d);
            assertTrue(dup.isScriptOwned());
            assertTrue(d >= 1000 && d < FdTable.JAVA_BASE, "numbered by the run: " + d);
            assertNull(PySocket.fromFd(d), "not among Java callers' numbers");

            // So is a connection accepted on the lent listener, once adopted.
            try (PySocket c = PySocket.open(AF_INET, SOCK_STREAM)) {
                c.settimeout(5.0);
                c.connect(LO, port(j));
                j.settimeout(5.0);
                PySocket conn = j.accept();
                run.adopt(conn);
                assertTrue(conn.isScriptOwned());
                assertSame(conn, run.fromFd(conn.fileno()));
                assertTrue(conn.fileno() < FdTable.JAVA_BASE, "renumbered into the run: " + conn.fileno());

                run.closeAll();
                assertTrue(conn.isClosed() && dup.isClosed(), "the run's own sockets end with it");
                assertFalse(j.isClosed(), "the lent listener is Java's: it stays open");
            }
        } finally {
            run.closeAll();
        }
    }

    @Test
    void aSocketLentToARunKeepsItsNumberOutOfTheRunsOwnNumbering() throws Exception {
        SocketModule a = new SocketModule();
        SocketModule b = new SocketModule();
        try {
            PySocket exported = a.socket(AF_INET, SOCK_STREAM, 0).detachFromScript(); // A's fd 1000, now Java's
            b.lend(exported);
            PySocket own = b.socket(AF_INET, SOCK_STREAM, 0);
            assertEquals(1001, own.fileno(), "1000 is lent to B already");
            assertSame(exported, b.fromFd(1000));
            assertSame(exported, a.fromFd(1000), "the exporting run still reaches it");
            exported.close();
        } finally {
            a.closeAll();
            b.closeAll();
        }
    }

    @Test
    void defaultTimeoutIsPerRunAndAcceptedSocketsTakeTheirListenersRunDefault() throws Exception {
        SocketModule a = new SocketModule();
        SocketModule b = new SocketModule();
        try {
            a.setdefaulttimeout(7.5);
            assertNull(b.getdefaulttimeout());
            PySocket l = listenOn(a);
            l.settimeout(5.0);
            b.setdefaulttimeout(3.0);
            try (PySocket c = b.socket(AF_INET, SOCK_STREAM, 0)) {
                assertEquals(3.0, c.gettimeout(), 1e-9);
                c.connect(LO, port(l));
                try (PySocket conn = l.accept()) {
                    assertEquals(7.5, conn.gettimeout(), 1e-9, "the listener's run default, not the listener's own timeout");
                }
            }
            assertEquals(7.5, a.getdefaulttimeout(), 1e-9);
            assertNull(PySocket.defaultTimeout(), "Java callers' default is not a run's");
        } finally {
            a.closeAll();
            b.closeAll();
        }
    }

    @Test
    void interruptingOneRunWakesOnlyItsWaits() throws Exception {
        SocketModule a = new SocketModule();
        SocketModule b = new SocketModule();
        try {
            PySocket la = listenOn(a);
            PySocket lb = listenOn(b);
            CompletableFuture<Object> acceptA = async(() -> acceptOrError(la));
            CompletableFuture<Object> acceptB = async(() -> acceptOrError(lb));
            Thread.sleep(300); // both blocked in accept by now (a late one would still block: nothing to accept)
            a.interruptWaits();
            Object ra = acceptA.get(10, TimeUnit.SECONDS);
            assertInstanceOf(SocketError.class, ra);
            assertEquals(Errno.EINTR, ((SocketError) ra).errno());
            assertThrows(TimeoutException.class, () -> acceptB.get(500, TimeUnit.MILLISECONDS),
                    "B's accept is still blocked");

            try (PySocket c = PySocket.open(AF_INET, SOCK_STREAM)) {
                c.settimeout(5.0);
                c.connect(LO, port(lb));
                Object rb = acceptB.get(10, TimeUnit.SECONDS);
                assertInstanceOf(PySocket.class, rb, "B's accept returned a connection");
                ((PySocket) rb).close();
            }
        } finally {
            a.closeAll();
            b.closeAll();
        }
    }

    @Test
    void interruptingOneRunWakesOnlyItsPollers() throws Exception {
        SocketModule a = new SocketModule();
        SocketModule b = new SocketModule();
        try (Poller pa = a.poller("poll"); Poller pb = b.poller("epoll")) {
            PySocket la = listenOn(a);
            PySocket lb = listenOn(b);
            pa.add(la.fileno(), Poller.POLLIN, false);
            pb.add(lb.fileno(), Poller.POLLIN, false);
            CompletableFuture<Object> waitA = async(() -> pollOrError(pa));
            CompletableFuture<Object> waitB = async(() -> pollOrError(pb));
            Thread.sleep(300);
            a.interruptWaits();
            Object ra = waitA.get(10, TimeUnit.SECONDS);
            assertInstanceOf(SocketError.class, ra);
            assertEquals(Errno.EINTR, ((SocketError) ra).errno());
            assertThrows(TimeoutException.class, () -> waitB.get(500, TimeUnit.MILLISECONDS));

            Interrupts.interruptWaits(); // the JVM-wide (signal) path still reaches every run
            Object rb = waitB.get(10, TimeUnit.SECONDS);
            assertInstanceOf(SocketError.class, rb);
            assertEquals(Errno.EINTR, ((SocketError) rb).errno());
        } finally {
            a.closeAll();
            b.closeAll();
        }
    }

    @Test
    void stoppingARunWakesItsWaitsOnASocketJavaLentIt() throws Exception {
        SocketModule run = new SocketModule();
        try (PySocket j = listener()) {
            run.lend(j);
            CompletableFuture<Object> accept = async(() -> acceptOrError(j));
            Thread.sleep(300);
            new SocketModule().interruptWaits();
            assertThrows(TimeoutException.class, () -> accept.get(300, TimeUnit.MILLISECONDS), "another run's interrupt");
            run.interruptWaits();
            Object r = accept.get(10, TimeUnit.SECONDS);
            assertEquals(Errno.EINTR, ((SocketError) r).errno());
        } finally {
            run.closeAll();
        }
    }

    private static Object acceptOrError(PySocket l) {
        try {
            return l.accept();
        } catch (SocketError e) {
            return e;
        }
    }

    private static Object pollOrError(Poller p) {
        try {
            return p.pollNanos(-1, -1);
        } catch (SocketError e) {
            return e;
        }
    }

    /** On a thread of its own (the common pool may have one thread on a small machine: both waits must block at once). */
    private static CompletableFuture<Object> async(java.util.function.Supplier<Object> call) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        Thread t = new Thread(() -> f.complete(call.get()), "run-isolation-wait");
        t.setDaemon(true);
        t.start();
        return f;
    }
}
