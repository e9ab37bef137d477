package io.pysock.python;

import org.graalvm.polyglot.Context;

import io.pysock.net.SocketModule;

/**
 * An embedder's per-run set-up, on top of {@link RunOptions}: the embedding API
 * ({@code io.pysock.embed}) uses it for the working directory, environment, network policy,
 * per-run trace, the {@code pysock.java} endpoints, and to read a failed script's exception.
 * Every method is optional and runs on the run's thread.
 *
 * <pre>{@code
 * engine.run(RunOptions.script("client.py"), new RunHook() {
 *     public void prepare(Context ctx, SocketModule sockets) { sockets.setPolicy(NetworkPolicy.loopbackOnly()); }
 * });
 * }</pre>
 */
public interface RunHook {
    /** No extra set-up. */
    RunHook NONE = new RunHook() {
    };

    /** Adjusts the context before it is built (working directory, environment, ...). */
    default void configure(Context.Builder builder) {
    }

    /** The new context and the run's socket module, before {@code _socket} is installed and before user code. */
    default void prepare(Context context, SocketModule sockets) {
    }

    /** The script returned {@code status}; the context is still open (it closes right after). */
    default void finished(Context context, int status) {
    }
}
