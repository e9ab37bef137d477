package io.pysock.python;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

import io.pysock.net.SocketModule;

/**
 * A live Python context with pysock's {@code _socket} installed, which Java calls into (see
 * {@link PythonEngine#openSession}); the embedding API's loaded scripts are built on it. Closing
 * it closes the context and every socket its code still holds.
 *
 * <pre>{@code
 * try (PythonSession s = engine.openSession(RunOptions.code(""), RunHook.NONE)) {
 *     Value module = s.load(RunOptions.script("handler.py"), "handler");
 *     module.getMember("handle").execute(pySocket);
 * }
 * }</pre>
 */
public final class PythonSession implements AutoCloseable {
    private final Context context;
    private final SocketModule sockets;
    private final Value bootstrap;
    private final String py2Cache;
    private volatile boolean closed;

    PythonSession(Context context, SocketModule sockets, Value bootstrap, String py2Cache) {
        this.context = context;
        this.sockets = sockets;
        this.bootstrap = bootstrap;
        this.py2Cache = py2Cache;
    }

    /**
     * Runs a script file, module or code string as a module named {@code name} (not
     * {@code __main__}, so its main block stays quiet) and returns its namespace; Python 2
     * scripts are translated as for a run.
     */
    public Value load(RunOptions what, String name) {
        PythonEngine.setLibraries(bootstrap, what);
        return bootstrap.getMember("load").execute(what.kind().name().toLowerCase(), what.target(),
                what.args().toArray(new String[0]), what.mode().name().toLowerCase(), py2Cache, name);
    }

    /** pysock's start-up module ({@code pysock._bootstrap}), for helpers such as {@code describe}. */
    public Value bootstrap() {
        return bootstrap;
    }

    public Context context() {
        return context;
    }

    public SocketModule sockets() {
        return sockets;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the context (ending threads its code started) and the sockets it still holds. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sockets.closeAll(); // first: wakes a call blocked on one of them, so the context can close
        PythonEngine.closeCancelling(context);
    }
}
