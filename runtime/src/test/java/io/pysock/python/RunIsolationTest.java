package io.pysock.python;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.pysock.net.PySocket;
import io.pysock.net.SocketConstants;
import io.pysock.net.SocketModule;

/**
 * Two script runs side by side in one engine, as a daemon serving several runs would have them:
 * a run reaches none of another run's sockets (CPython's EBADF for each way of naming one), its
 * numbers and default timeout are its own, stopping one run leaves the other serving, and its
 * --trace shows only its own calls.
 */
@Timeout(300)
class RunIsolationTest {
    private static final Pattern READY = Pattern.compile("READY (\\d+) (\\d+) (\\d+) (\\S+)");

    /** Run A: a server holding three sockets (so its listener is not fd 1000), default timeout 7.5. */
    private static final String SERVER = String.join("\n",
            "import socket",
            "socket.setdefaulttimeout(7.5)",
            "extra = [socket.socket(), socket.socket()]",
            "srv = socket.socket()",
            "srv.bind(('127.0.0.1', 0))",
            "srv.listen(5)",
            "srv.settimeout(None)",
            "print('READY', extra[0].fileno(), srv.fileno(), srv.getsockname()[1], socket.getdefaulttimeout(), flush=True)",
            "while True:",
            "    conn, _ = srv.accept()",
            "    conn.sendall(('%r %r\\n' % (conn.gettimeout(), socket.getdefaulttimeout())).encode())",
            "    conn.close()",
            "");

    /** Run B: every way of naming a descriptor it does not have, then its own first socket. */
    private static String prober(int n, int javaFd) {
        return String.join("\n",
                "import errno, select, socket, _socket",
                "def err(f):",
                "    try:",
                "        f()",
                "    except OSError as e:",
                "        return errno.errorcode.get(e.errno, e.errno)",
                "    return 'ok'",
                "for fd in (" + n + ", " + javaFd + "):",
                "    print('fileno', fd, err(lambda: socket.socket(fileno=fd)))",
                "    print('close', fd, err(lambda: _socket.close(fd)))",
                "    print('dup', fd, err(lambda: socket.dup(fd)))",
                "    print('select', fd, err(lambda: select.select([fd], [], [], 0)))",
                "    p = select.poll()",
                "    p.register(fd, select.POLLIN)",
                "    print('poll', fd, p.poll(0))",
                "print('default', socket.getdefaulttimeout())",
                "s = socket.socket()",
                "print('first', s.fileno())",
                "s.close()",
                "ep = select.epoll()",
                "for fd in (" + n + ", " + javaFd + "):",
                "    print('epoll', fd, err(lambda: ep.register(fd, select.EPOLLIN)))",
                "ep.close()",
                "socket.setdefaulttimeout(3.0)",
                "");
    }

    private static Matcher awaitReady(RunningScript run, Scripts.Captured out) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            Matcher m = READY.matcher(out.out());
            if (m.find()) {
                return m;
            }
            if (run.isDone() || System.nanoTime() > end) {
                fail("the server did not start: " + out.out() + out.err());
            }
            Thread.sleep(20);
        }
    }

    private static String ask(int port) throws Exception {
        try (Socket c = new Socket()) {
            c.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            c.setSoTimeout(10_000);
            InputStream in = c.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    @Test
    void aRunReachesNoneOfAnotherRunsSocketsNorJavasUnlessLent() throws Exception {
        Scripts.Captured aOut = new Scripts.Captured();
        RunningScript a = Scripts.engine().start(aOut.apply(RunOptions.code(SERVER)));
        try (PySocket javaSocket = PySocket.open(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM)) {
            Matcher ready = awaitReady(a, aOut);
            assertEquals("1000", ready.group(1), "A's first socket");
            int n = Integer.parseInt(ready.group(2));
            int port = Integer.parseInt(ready.group(3));
            assertEquals(1002, n);
            assertEquals("7.5", ready.group(4));
            int j = javaSocket.fileno();

            Scripts.Captured bOut = new Scripts.Captured();
            int status = Scripts.engine().run(bOut.apply(RunOptions.code(prober(n, j))));
            String out = bOut.out();
            assertEquals(0, status, out + bOut.err());
            for (int fd : new int[] {n, j}) {
                assertTrue(out.contains("fileno " + fd + " EBADF"), out);
                assertTrue(out.contains("close " + fd + " EBADF"), out);
                assertTrue(out.contains("dup " + fd + " EBADF"), out);
                assertTrue(out.contains("select " + fd + " EBADF"), out);
                assertTrue(out.contains("poll " + fd + " [(" + fd + ", 32)]"), "POLLNVAL, as Linux reports a bad fd: " + out);
                assertTrue(out.contains("epoll " + fd + " EBADF"), out);
            }
            assertTrue(out.contains("default None"), "A's setdefaulttimeout is A's own: " + out);
            assertTrue(out.contains("first 1000"), "B numbers its sockets from 1000 too: " + out);

            // A's listener survived every probe, and B's setdefaulttimeout(3.0) did not reach A.
            assertEquals("7.5 7.5", ask(port), aOut.err());
            assertFalse(javaSocket.isClosed());
        } finally {
            a.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void stoppingOneRunLeavesTheOtherServing() throws Exception {
        Scripts.Captured aOut = new Scripts.Captured();
        Scripts.Captured bOut = new Scripts.Captured();
        RunningScript a = Scripts.engine().start(aOut.apply(RunOptions.code(SERVER)));
        RunningScript b = Scripts.engine().start(bOut.apply(RunOptions.code(SERVER)));
        try {
            int portA = Integer.parseInt(awaitReady(a, aOut).group(3));
            int portB = Integer.parseInt(awaitReady(b, bOut).group(3));
            Thread.sleep(200); // both blocked in accept
            a.stop(Duration.ofSeconds(20));
            assertTrue(a.isDone());
            assertFalse(SocketModule.listeningPorts().contains(portA), "A's listener closed with A");
            assertFalse(b.isDone(), "B still runs: " + bOut.err());
            assertEquals("7.5 7.5", ask(portB), bOut.err());
            assertEquals("7.5 7.5", ask(portB), "and keeps serving");
        } finally {
            a.stop(Duration.ofSeconds(10));
            b.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void traceGoesToTheRunsOwnStderrOnly() throws Exception {
        String code = "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.close()\n";
        Scripts.Captured traced = new Scripts.Captured();
        Scripts.Captured quiet = new Scripts.Captured();
        RunningScript q = Scripts.engine().start(quiet.apply(RunOptions.code(code)));
        assertEquals(0, Scripts.engine().run(traced.apply(RunOptions.code(code).withTrace(true))), traced.err());
        assertEquals(0, q.waitFor(Duration.ofSeconds(120)), quiet.err());
        assertTrue(traced.err().contains("[pysock] fd=1000 bind 127.0.0.1:"), traced.err());
        assertFalse(quiet.err().contains("[pysock]"), "a run without --trace is not traced: " + quiet.err());
    }
}
