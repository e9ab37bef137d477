package io.pysock.net;

import java.io.PrintStream;

/**
 * {@code --trace}: one line on stderr per socket call, written where the call enters Java, so it
 * shows what really reached the channels (fd, operation, addresses, byte counts, errors). This is
 * the JVM-wide switch; a script run can trace to its own stream ({@link SocketModule#setTrace}).
 *
 * <pre>{@code
 * SocketTrace.setOutput(System.err);   // [pysock] fd=1000 connect 127.0.0.1:12345
 * }</pre>
 */
public final class SocketTrace {
    private static volatile PrintStream out;

    private SocketTrace() {
    }

    /** Turns tracing on (to {@code stream}) or off ({@code null}). */
    public static void setOutput(PrintStream stream) {
        out = stream;
    }

    public static boolean enabled() {
        return out != null;
    }

    /** The JVM-wide trace stream, or null. A script run can have its own ({@link SocketModule#setTrace}). */
    static PrintStream output() {
        return out;
    }

    static void log(PrintStream o, int fd, String op, String detail) {
        o.println("[pysock] fd=" + fd + " " + op + (detail.isEmpty() ? "" : " " + detail));
    }

    static void error(PrintStream o, int fd, String op, SocketError e) {
        o.println("[pysock] fd=" + fd + " " + op + " -> error errno=" + e.errno() + " (" + e.getMessage() + ")");
    }
}
