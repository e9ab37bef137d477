package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.pysock.net.OpenResources;
import io.pysock.net.SocketModule;

/**
 * A run stopped while it holds sockets, a selector and threads blocked in accept, recv, recvfrom
 * and select frees them all at once: its port can be bound again as soon as stop() returns, and
 * the JVM holds no more sockets, descriptors or threads than before the run.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CancelledRunTest {
    private static final String SCRIPT = String.join("\n",
            "import selectors, socket, sys, threading",
            "port = int(sys.argv[1])",
            "srv = socket.socket()",
            "srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "srv.bind(('127.0.0.1', port))",
            "srv.listen()",
            "clients = [socket.create_connection(('127.0.0.1', port)) for _ in range(3)]",
            "accepted = [srv.accept()[0] for _ in range(3)]",
            "threads = [threading.Thread(target=s.recv, args=(10,)) for s in accepted + clients]",
            "threads.append(threading.Thread(target=srv.accept))",
            "udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "udp.bind(('127.0.0.1', 0))",
            "threads.append(threading.Thread(target=udp.recvfrom, args=(10,)))",
            "sel = selectors.DefaultSelector()",
            "for s in accepted:",
            "    sel.register(s, selectors.EVENT_READ)",
            "for t in threads:",
            "    t.start()",
            "print('holding', len(threads), 'waiting threads', flush=True)",
            "sel.select()  # forever: only stop() ends this run",
            "");

    @Test
    void aStoppedRunFreesSocketsThreadsAndItsPortAtOnce() throws Exception {
        // The first run loads what any first run loads (classes, jars); the second must leave the
        // JVM exactly as it found it.
        holdAndStop(freePort());
        OpenResources before = OpenResources.settle(OpenResources.now(), 0);
        holdAndStop(freePort());
        OpenResources after = OpenResources.settle(before, 10_000);
        assertTrue(after.within(before), "held after stop: " + after + ", before: " + before);
    }

    private static void holdAndStop(int port) throws Exception {
        OpenResources start = OpenResources.now();
        Scripts.Captured out = new Scripts.Captured();
        RunningScript run = Scripts.engine().start(out.apply(RunOptions.code(SCRIPT, Integer.toString(port))));
        Scripts.awaitListening(run, out, port, Duration.ofMinutes(2));
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!out.out().contains("holding 8 waiting threads") && !run.isDone() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertTrue(out.out().contains("holding 8 waiting threads"), out.out() + out.err());
        Thread.sleep(300); // let the threads reach their waits
        assertTrue(OpenResources.now().sockets() >= start.sockets() + 8, "the run holds its sockets: " + OpenResources.now());

        run.stop(Duration.ofSeconds(30));
        assertTrue(run.isDone(), "still running after stop");
        assertFalse(SocketModule.listeningPorts().contains(port), "port " + port + " still listened on");
        try (ServerSocketChannel again = ServerSocketChannel.open()) {
            again.setOption(StandardSocketOptions.SO_REUSEADDR, true); // as a restarted server would
            again.bind(new InetSocketAddress("127.0.0.1", port)); // throws if the port were still held
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocketChannel ch = ServerSocketChannel.open()) {
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            return ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }
    }
}
