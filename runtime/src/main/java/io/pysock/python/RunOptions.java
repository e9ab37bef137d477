package io.pysock.python;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * What to run and how: a script file, a code string or a module, its arguments, the Python 2/3
 * mode, which socket layer, tracing, and the host access granted.
 *
 * <pre>{@code
 * RunOptions o = RunOptions.script("examples/tutorial/server.py").withTrace(true);
 * }</pre>
 */
public record RunOptions(Kind kind, String target, List<String> args, PythonMode mode, Sockets sockets,
        boolean trace, boolean allowJava, InputStream in, OutputStream out, OutputStream err) {

    public enum Kind { SCRIPT, CODE, MODULE }

    /** How a script's language level is chosen. */
    public enum PythonMode { AUTO, PY2, PY3 }

    /** Which socket layer scripts get: pysock's (java.nio, the default) or GraalPy's built-in one. */
    public enum Sockets { PYSOCK, GRAALPY }

    public static RunOptions script(String path, String... args) {
        return new RunOptions(Kind.SCRIPT, path, List.of(args), PythonMode.AUTO, Sockets.PYSOCK, false, false,
                null, null, null);
    }

    public static RunOptions code(String code, String... args) {
        return new RunOptions(Kind.CODE, code, List.of(args), PythonMode.AUTO, Sockets.PYSOCK, false, false,
                null, null, null);
    }

    public static RunOptions module(String name, String... args) {
        return new RunOptions(Kind.MODULE, name, List.of(args), PythonMode.AUTO, Sockets.PYSOCK, false, false,
                null, null, null);
    }

    public RunOptions withArgs(List<String> a) {
        return new RunOptions(kind, target, List.copyOf(a), mode, sockets, trace, allowJava, in, out, err);
    }

    public RunOptions withMode(PythonMode m) {
        return new RunOptions(kind, target, args, m, sockets, trace, allowJava, in, out, err);
    }

    public RunOptions withSockets(Sockets s) {
        return new RunOptions(kind, target, args, mode, s, trace, allowJava, in, out, err);
    }

    public RunOptions withTrace(boolean t) {
        return new RunOptions(kind, target, args, mode, sockets, t, allowJava, in, out, err);
    }

    /** Grants scripts Java host access ({@code import java}); off by default. */
    public RunOptions withJavaAccess(boolean j) {
        return new RunOptions(kind, target, args, mode, sockets, trace, j, in, out, err);
    }

    public RunOptions withStreams(InputStream i, OutputStream o, OutputStream e) {
        return new RunOptions(kind, target, args, mode, sockets, trace, allowJava, i, o, e);
    }
}
