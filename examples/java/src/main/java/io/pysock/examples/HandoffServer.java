package io.pysock.examples;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.pysock.embed.LoadedScript;
import io.pysock.embed.PysockRunner;
import io.pysock.embed.PythonException;
import io.pysock.embed.Script;
import io.pysock.net.PySocket;
import io.pysock.net.SocketError;

/**
 * A Java server that hands each accepted connection to a Python handler: Java owns the listener,
 * the accept loop and the threads; {@code examples/java/handler.py}'s {@code handle(conn)} gets
 * each connection as a real {@code socket.socket} and serves it (an upper-casing line echo).
 *
 * <pre>{@code
 * ./pysock example HandoffServer [PORT [HANDLER.py]]     # listens on 127.0.0.1:12346
 * python3 -c "import socket; s = socket.create_connection(('127.0.0.1', 12346)); print(s.recv(100)); s.sendall(b'hi\nquit\n'); print(s.recv(100))"
 * }</pre>
 */
public final class HandoffServer implements AutoCloseable {
    public static final int PORT = 12346;

    private final PysockRunner runner;
    private final LoadedScript handler;
    private final PySocket listener;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "handoff-connection");
        t.setDaemon(true);
        return t;
    });
    private final PrintStream log;

    /** Loads the handler script once and listens on 127.0.0.1:{@code port} (0: any free port). */
    public HandoffServer(PysockRunner runner, Path handlerScript, int port, PrintStream log) throws SocketError {
        this.runner = runner;
        this.handler = runner.load(Script.file(handlerScript));
        this.listener = PySocket.createServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        this.log = log;
    }

    public int port() throws SocketError {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Accepts until closed; each connection is served by Python on a thread of its own, then closed by Java. */
    public void serveForever() {
        while (!listener.isClosed()) {
            PySocket conn;
            try {
                conn = listener.accept();
                conn.setTimeout(Duration.ofSeconds(60)); // the handler's recv calls get this timeout
            } catch (SocketError e) {
                if (!listener.isClosed()) {
                    log.println("accept failed: " + e.getMessage());
                }
                continue;
            }
            pool.execute(() -> {
                try (conn) {
                    handler.call("handle", conn);
                } catch (PythonException e) {
                    log.print("handler failed: " + e.pythonTraceback());
                }
            });
        }
    }

    /** Stops accepting, waits briefly for handlers, closes the handler script. */
    @Override
    public void close() throws InterruptedException {
        listener.close();
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        handler.close();
    }

    PysockRunner runner() {
        return runner;
    }

    public static void main(String[] args) throws Exception {
        Path script = args.length > 1 && !args[1].isBlank() ? Path.of(args[1])
                : Path.of(System.getProperty("pysock.home", "."), "examples/java/handler.py");
        int port = Examples.intArg(args, 0, PORT);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (PysockRunner runner = PysockRunner.create();
             HandoffServer server = new HandoffServer(runner, script, port, out)) {
            out.println("Java server on 127.0.0.1:" + server.port() + ", Python handler " + script + " (Ctrl-C stops it)");
            server.serveForever();
        }
    }
}
