import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * bench/netbench.py's measurements in plain Java NIO: the ceiling the JVM allows, and the load
 * client of the 200-client rows (the same client drives every runtime's server). Modes and output
 * lines as in netbench.py, plus:
 *
 * <pre>
 *   load PORT CLIENTS TRIPS   CLIENTS connections at once, each sending TRIPS 100-byte lines and
 *                             reading each echo: "load /s N" (round trips per second, all clients)
 * </pre>
 */
public class NioBench {
    static final byte[] MSG = ("x".repeat(99) + "\n").getBytes(StandardCharsets.US_ASCII);

    interface Round {
        double run(long deadline) throws Exception;
    }

    static void rates(String name, int rounds, double seconds, Round r) throws Exception {
        StringBuilder out = new StringBuilder(name);
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            double n = r.run(start + (long) (seconds * 1e9));
            out.append(String.format(" %.0f", n / ((System.nanoTime() - start) / 1e9)));
        }
        System.out.println(out);
    }

    static void writePort(String portfile, int port) throws IOException {
        Path tmp = Path.of(portfile + ".tmp");
        Files.writeString(tmp, Integer.toString(port));
        Files.move(tmp, Path.of(portfile), StandardCopyOption.ATOMIC_MOVE);
    }

    static void readFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("peer closed early");
            }
        }
    }

    static void bulk(double seconds, int rounds) throws Exception {
        ServerSocketChannel srv = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        SocketChannel c = SocketChannel.open(srv.getLocalAddress());
        SocketChannel a = srv.accept();
        Thread sender = new Thread(() -> {
            ByteBuffer chunk = ByteBuffer.allocate(65536);
            try {
                while (true) {
                    chunk.clear();
                    while (chunk.hasRemaining()) {
                        c.write(chunk);
                    }
                }
            } catch (IOException end) {
                // the receiver closed: done
            }
        });
        sender.setDaemon(true);
        sender.start();
        ByteBuffer buf = ByteBuffer.allocate(65536);
        rates("bulk", rounds, seconds, deadline -> {
            long n = 0;
            while (System.nanoTime() < deadline) {
                buf.clear();
                n += a.read(buf);
            }
            return n / 1e6;
        });
        a.close();
    }

    static void server(String portfile) throws Exception {
        ServerSocketChannel srv = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 128);
        writePort(portfile, ((InetSocketAddress) srv.getLocalAddress()).getPort());
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (true) {
            try (SocketChannel conn = srv.accept()) {
                while (true) {
                    buf.clear();
                    if (conn.read(buf) < 0) {
                        break;
                    }
                    buf.flip();
                    while (buf.hasRemaining()) {
                        conn.write(buf);
                    }
                }
            } catch (IOException peerGone) {
                // next connection
            }
        }
    }

    static SocketChannel connect(int port) throws IOException {
        SocketChannel s = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        s.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return s;
    }

    static void rtt(int port, double seconds, int rounds) throws Exception {
        SocketChannel s = connect(port);
        ByteBuffer in = ByteBuffer.allocate(MSG.length);
        rates("rtt", rounds, seconds, deadline -> {
            long n = 0;
            while (System.nanoTime() < deadline) {
                s.write(ByteBuffer.wrap(MSG));
                in.clear();
                readFully(s, in);
                n++;
            }
            return n;
        });
        s.close();
    }

    static void conn(int port, double seconds, int rounds) throws Exception {
        ByteBuffer in = ByteBuffer.allocate(MSG.length);
        rates("conn", rounds, seconds, deadline -> {
            long n = 0;
            while (System.nanoTime() < deadline) {
                try (SocketChannel s = connect(port)) {
                    s.write(ByteBuffer.wrap(MSG));
                    in.clear();
                    readFully(s, in);
                }
                n++;
            }
            return n;
        });
    }

    /** CLIENTS blocking clients at once (a thread each), TRIPS line round trips each. */
    static void load(int port, int clients, int trips) throws Exception {
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.connect(new InetSocketAddress("127.0.0.1", port), 60_000);
                    s.setSoTimeout(120_000);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] echo = new byte[MSG.length];
                    ready.countDown();
                    go.await();
                    for (int k = 0; k < trips; k++) {
                        out.write(MSG);
                        int got = 0;
                        while (got < echo.length) {
                            int r = in.read(echo, got, echo.length - got);
                            if (r < 0) {
                                throw new IOException("server closed the connection");
                            }
                            got += r;
                        }
                        done.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    ready.countDown();
                }
            });
            threads.add(t);
            t.start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            System.err.println("load: " + failure.get());
            System.exit(1);
        }
        System.out.printf("load %.0f%n", done.get() / secs);
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "" : args[0];
        switch (mode) {
            case "bulk" -> bulk(Double.parseDouble(args[1]), Integer.parseInt(args[2]));
            case "server" -> server(args[1]);
            case "rtt" -> rtt(Integer.parseInt(args[1]), Double.parseDouble(args[2]), Integer.parseInt(args[3]));
            case "conn" -> conn(Integer.parseInt(args[1]), Double.parseDouble(args[2]), Integer.parseInt(args[3]));
            case "load" -> load(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> {
                System.err.println("usage: NioBench bulk|server|rtt|conn|load ... (see the class comment)");
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
