package io.pysock.python;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * What to run and how: a script file, a code string or a module, its arguments, the Python 2/3
 * mode, which socket layer, tracing, the host access granted, and where its libraries are.
 *
 * <pre>{@code
 * RunOptions o = RunOptions.script("examples/tutorial/server.py").withTrace(true);
 * }</pre>
 *
 * <p>{@code path} are folders (or zip/jar files) put on {@code sys.path} ahead of
 * {@code PYTHONPATH}; {@code venv} is a virtual environment whose site-packages is added as
 * {@code site} adds it ({@code .pth} files processed); null for none (then {@code VIRTUAL_ENV}
 * of the run's environment is used, if set). {@code network} is the run's network policy
 * ({@code --net}/{@code --net-allow}); null leaves the one the caller set on the run's socket
 * module (everything allowed unless an embedder chose otherwise).
 */
public record RunOptions(Kind kind, String target, List<String> args, PythonMode mode, Sockets sockets,
        boolean trace, boolean allowJava, InputStream in, OutputStream out, OutputStream err,
        List<String> path, String venv, io.pysock.net.NetworkPolicy network) {

    public enum Kind { SCRIPT, CODE, MODULE }

    /** How a script's language level is chosen. */
    public enum PythonMode { AUTO, PY2, PY3 }

    /** Which socket layer scripts get: pysock's (java.nio, the default) or GraalPy's built-in one. */
    public enum Sockets { PYSOCK, GRAALPY }

    public RunOptions {
        args = List.copyOf(args);
        path = path == null ? List.of() : List.copyOf(path);
    }

    private static RunOptions of(Kind kind, String target, String... args) {
        return new RunOptions(kind, target, List.of(args), PythonMode.AUTO, Sockets.PYSOCK, false, false,
                null, null, null, List.of(), null, null);
    }

    public static RunOptions script(String path, String... args) {
        return of(Kind.SCRIPT, path, args);
    }

    public static RunOptions code(String code, String... args) {
        return of(Kind.CODE, code, args);
    }

    public static RunOptions module(String name, String... args) {
        return of(Kind.MODULE, name, args);
    }

    public RunOptions withArgs(List<String> a) {
        return new RunOptions(kind, target, a, mode, sockets, trace, allowJava, in, out, err, path, venv, network);
    }

    public RunOptions withMode(PythonMode m) {
        return new RunOptions(kind, target, args, m, sockets, trace, allowJava, in, out, err, path, venv, network);
    }

    public RunOptions withSockets(Sockets s) {
        return new RunOptions(kind, target, args, mode, s, trace, allowJava, in, out, err, path, venv, network);
    }

    public RunOptions withTrace(boolean t) {
        return new RunOptions(kind, target, args, mode, sockets, t, allowJava, in, out, err, path, venv, network);
    }

    /** Grants scripts Java host access ({@code import java}); off by default. */
    public RunOptions withJavaAccess(boolean j) {
        return new RunOptions(kind, target, args, mode, sockets, trace, j, in, out, err, path, venv, network);
    }

    public RunOptions withStreams(InputStream i, OutputStream o, OutputStream e) {
        return new RunOptions(kind, target, args, mode, sockets, trace, allowJava, i, o, e, path, venv, network);
    }

    /** Library folders (or zip/jar files) for {@code sys.path}, in order, ahead of {@code PYTHONPATH}. */
    public RunOptions withPath(List<String> p) {
        return new RunOptions(kind, target, args, mode, sockets, trace, allowJava, in, out, err, p, venv, network);
    }

    /** A virtual environment whose site-packages the script gets (null: {@code VIRTUAL_ENV}, if set). */
    public RunOptions withVenv(String v) {
        return new RunOptions(kind, target, args, mode, sockets, trace, allowJava, in, out, err, path, v, network);
    }

    /** The run's network policy (null: what the caller set on its socket module). */
    public RunOptions withNetwork(io.pysock.net.NetworkPolicy n) {
        return new RunOptions(kind, target, args, mode, sockets, trace, allowJava, in, out, err, path, venv, n);
    }
}
