package io.pysock.net;

import java.io.PrintStream;

/**
 * {@code --trace}: one line per socket call, written where the call enters Java, so it shows what
 * really reached the channels (fd, operation, addresses, byte counts, errors). Each script run
 * traces to its own stream ({@link SocketModule#setTrace}), so runs sharing a JVM never see each
 * other's calls; sockets of no run are not traced.
 *
 * <pre>{@code
 * sockets.setTrace(System.err);   // [pysock] fd=1000 connect 127.0.0.1:12345
 * }</pre>
 */
final class SocketTrace {
    private SocketTrace() {
    }

    static void log(PrintStream o, int fd, String op, String detail) {
        o.println("[pysock] fd=" + fd + " " + op + (detail.isEmpty() ? "" : " " + detail));
    }

    /** A call of no socket (a name lookup) that failed. */
    static void error(PrintStream o, String op, SocketError e) {
        o.println("[pysock] " + op + " -> error errno=" + e.errno() + " (" + e.getMessage() + ")");
    }

    static void error(PrintStream o, int fd, String op, SocketError e) {
        o.println("[pysock] fd=" + fd + " " + op + " -> error errno=" + e.errno() + " (" + e.getMessage() + ")");
    }
}
