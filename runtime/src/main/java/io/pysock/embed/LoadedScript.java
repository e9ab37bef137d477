package io.pysock.embed;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

import io.pysock.net.PySocket;
import io.pysock.python.PythonSession;

/**
 * A script loaded once and kept alive so Java can call its functions (a Python handler inside a
 * Java server). The script's top level runs as a module named after the file, so an
 * {@code if __name__ == "__main__":} block stays quiet. Calls may come from several Java threads
 * at once (Python runs them one at a time between socket calls, as its threads do).
 *
 * <p>Arguments that are {@link PySocket}s arrive in Python as real {@code socket.socket} objects
 * on the same socket; a Python socket returned is taken back as its {@link PySocket} (and then
 * belongs to Java). A {@code byte[]} arrives as {@code bytes}, and {@code call(byte[].class, ...)}
 * takes bytes-like results back. A Python exception becomes a {@link PythonException}.
 *
 * <pre>{@code
 * try (LoadedScript handler = runner.load(Script.file(Path.of("handler.py")))) {
 *     PySocket conn = listener.accept();
 *     handler.call("handle", conn);                       // def handle(conn): conn.sendall(...)
 *     int n = handler.call(Integer.class, "count");       // typed result
 * }
 * }</pre>
 */
public final class LoadedScript implements AutoCloseable {
    private static final Source JAVA_MODULE = Source.create("python", "import pysock.java as m\nm");

    private final PythonSession session;
    private final Value namespace;
    private final Value wrap;
    private final Value newBytes;
    private final Value javaBytes;
    private final Value freeze;
    private final Value javaSocket;
    private final RunSetup setup;
    private final Runnable onClose;

    LoadedScript(PythonSession session, Value namespace, RunSetup setup, Runnable onClose) {
        this.session = session;
        this.namespace = namespace;
        Value m = session.context().eval(JAVA_MODULE);
        this.wrap = m.getMember("_wrap");
        this.newBytes = m.getMember("_new_bytes");
        this.javaBytes = m.getMember("_java_bytes");
        this.freeze = m.getMember("_freeze");
        this.javaSocket = m.getMember("_java_socket");
        this.setup = setup;
        this.onClose = onClose;
    }

    /** Calls the script's function {@code name} with Java arguments; returns the Python result. */
    public Value call(String name, Object... args) {
        Object[] py = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            py[i] = args[i] instanceof PySocket s ? wrap.execute(s)
                    : args[i] instanceof byte[] b ? toPythonBytes(b) : args[i];
        }
        try {
            Value fn = namespace.getMember(name);
            if (fn == null || !fn.canExecute()) {
                throw new IllegalArgumentException("the script has no function '" + name + "'");
            }
            return fn.execute(py);
        } catch (PolyglotException e) {
            throw LoadedScript.pythonException(session, e);
        }
    }

    /**
     * Calls {@code name} and converts the result to {@code type}: a Python socket to its
     * {@link PySocket} (now Java's to close), bytes-like to {@code byte[]}, None to null, others as
     * {@link Value#as(Class)} does ({@code Integer}, {@code String}, {@code Boolean},
     * {@code java.util.List}, ...).
     */
    public <T> T call(Class<T> type, String name, Object... args) {
        Value v = call(name, args);
        if (type == byte[].class && v != null && !v.isNull()) {
            try {
                Value r = javaBytes.execute(v);
                byte[] backing = r.getArrayElement(0).as(byte[].class);
                return type.cast(java.util.Arrays.copyOf(backing, r.getArrayElement(1).asInt()));
            } catch (PolyglotException e) {
                throw LoadedScript.pythonException(session, e);
            }
        }
        return convert(v, type);
    }

    /** A Java byte[] as Python {@code bytes}: one bulk copy into a bytearray's backing array. */
    private Value toPythonBytes(byte[] b) {
        Value pair = newBytes.execute(b.length);
        Value buf = pair.getArrayElement(0);
        if (b.length > 0) {
            Value storage = pair.getArrayElement(1);
            if (storage.isHostObject() && storage.asHostObject() instanceof byte[] backing) {
                System.arraycopy(b, 0, backing, 0, b.length);
            } else {
                for (int i = 0; i < b.length; i++) {
                    buf.setArrayElement(i, b[i] & 0xff);
                }
            }
        }
        return freeze.execute(buf);
    }

    /** A global of the script (a constant, a class, a function), or null if it has none. */
    public Value get(String name) {
        return namespace.getMember(name);
    }

    <T> T convert(Value v, Class<T> type) {
        if (v == null || v.isNull() || type == Void.class) {
            return null;
        }
        if (type == PySocket.class) {
            PySocket s = toSocket(v);
            if (s == null) {
                throw new ClassCastException("not a socket: " + v);
            }
            return type.cast(s.detachFromScript());
        }
        return v.as(type);
    }

    private PySocket toSocket(Value v) {
        if (v.isHostObject() && v.asHostObject() instanceof PySocket s) {
            return s;
        }
        Value j = javaSocket.execute(v); // the bridge knows how a Python socket holds its Java one
        return j.isHostObject() && j.asHostObject() instanceof PySocket s ? s : null;
    }

    static RuntimeException pythonException(PythonSession session, PolyglotException e) {
        if (e.isGuestException() && !e.isExit() && !e.isCancelled() && !e.isInterrupted()) {
            Value exc = e.getGuestObject();
            if (exc != null && !exc.isNull()) {
                try {
                    String[] d = PythonException.description(session.bootstrap().getMember("describe").execute(exc));
                    return new PythonException(d[0], d[1], d[2], null, e);
                } catch (PolyglotException ignored) {
                    // could not format it: the polyglot exception itself says what it can
                }
            }
        }
        return e;
    }

    /** Captured stdout so far (what the script's functions printed). */
    public String stdoutSoFar() {
        return setup.stdoutSoFar();
    }

    /** Captured stderr so far. */
    public String stderrSoFar() {
        return setup.stderrSoFar();
    }

    /** Closes the script's context and the sockets it made (not sockets Java lent it). */
    @Override
    public void close() {
        try {
            session.close();
        } finally {
            onClose.run();
        }
    }
}
