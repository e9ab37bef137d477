package io.pysock.examples;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.pysock.net.PySocket;
import io.pysock.net.SocketError;

/**
 * The tutorial's {@code server.py}, written in Java on pysock's socket: it serves the tutorial's
 * Python {@code client.py} (run by {@code ./pysock run examples/tutorial/client.py}) the same
 * welcome line, and prints each client's address as the Python server does.
 *
 * <pre>{@code
 * ./pysock example TutorialJavaServer          # then, in another terminal:
 * ./pysock run examples/tutorial/client.py      # prints 欢迎访问菜鸟教程！
 * }</pre>
 */
public final class TutorialJavaServer implements AutoCloseable {
    /** The tutorial's port. */
    public static final int PORT = 12345;
    static final String WELCOME = "欢迎访问菜鸟教程！";

    private final PySocket listener;
    private final PrintStream log;

    /** Listens on every interface at {@code port} (server.py binds its host name's address; the wildcard covers it). */
    public TutorialJavaServer(int port, PrintStream log) throws SocketError {
        this.listener = PySocket.createServer(new InetSocketAddress(port), 5);
        this.log = log;
    }

    /** Serves one client: prints its address, sends the welcome line, closes. */
    public void serveOne() throws SocketError {
        try (PySocket c = listener.accept()) {
            Object[] addr = (Object[]) c.getpeername();
            log.println("连接地址： ('" + addr[0] + "', " + addr[1] + ")");
            c.setTimeout(Duration.ofSeconds(10));
            c.sendall(WELCOME.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Serves clients until the listener is closed (by {@link #close()} from another thread). */
    public void serveForever() {
        while (!listener.isClosed()) {
            try {
                serveOne();
            } catch (SocketError e) {
                if (!listener.isClosed()) {
                    log.println("pysock example: " + e.getMessage());
                }
            }
        }
    }

    public int port() throws SocketError {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close();
    }

    public static void main(String[] args) throws Exception {
        int port = Examples.intArg(args, 0, PORT);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (TutorialJavaServer server = new TutorialJavaServer(port, out)) {
            out.println("Java server on port " + server.port() + " (Ctrl-C stops it)");
            server.serveForever();
        }
    }
}
