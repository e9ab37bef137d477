package io.pysock.examples;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.pysock.net.PySocket;
import io.pysock.net.SocketError;
import io.pysock.net.SocketModule;

/**
 * The tutorial's {@code client.py}, written in Java on pysock's socket: it reads the welcome line
 * from the tutorial's Python {@code server.py} (run by {@code ./pysock run examples/tutorial/server.py}).
 * Like client.py it connects to this machine's host name, resolved by pysock's resolver.
 *
 * <pre>{@code
 * ./pysock run examples/tutorial/server.py      # terminal 1
 * ./pysock example TutorialJavaClient           # terminal 2: prints 欢迎访问菜鸟教程！
 * }</pre>
 */
public final class TutorialJavaClient {
    private TutorialJavaClient() {
    }

    /** Connects to {@code host}:{@code port}, reads up to 1024 bytes as client.py does, returns them as text. */
    public static String fetch(String host, int port) throws SocketError {
        try (PySocket s = PySocket.createConnection(InetSocketAddress.createUnresolved(host, port), Duration.ofSeconds(10))) {
            return new String(s.recv(1024), StandardCharsets.UTF_8);
        }
    }

    public static void main(String[] args) throws Exception {
        String host = args.length > 0 && !args[0].isBlank() ? args[0] : new SocketModule().gethostname();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try {
            out.println(fetch(host, TutorialJavaServer.PORT));
        } catch (SocketError.ConnectionRefused e) {
            System.err.println("nothing listens on " + host + ":" + TutorialJavaServer.PORT
                    + " (errno " + e.errno() + "): start ./pysock run examples/tutorial/server.py first");
            System.exit(1);
        }
    }
}
