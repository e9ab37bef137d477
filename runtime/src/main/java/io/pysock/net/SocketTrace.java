package io.pysock.net;

import java.io.PrintStream;

/**
 * {@code --trace}: one line on stderr per socket call, written where the call enters Java, so it
 * shows what really reached the channels (fd, operation, addresses, byte counts, errors).
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

    static void log(int fd, String op, String detail) {
        PrintStream o = out;
        if (o != null) {
            o.println("[pysock] fd=" + fd + " " + op + (detail.isEmpty() ? "" : " " + detail));
        }
    }

    static void error(int fd, String op, SocketError e) {
        PrintStream o = out;
        if (o != null) {
            o.println("[pysock] fd=" + fd + " " + op + " -> error errno=" + e.errno() + " (" + e.getMessage() + ")");
        }
    }
}
