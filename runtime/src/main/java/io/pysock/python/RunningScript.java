package io.pysock.python;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.graalvm.polyglot.Context;

import io.pysock.net.SocketModule;

/**
 * A script started with {@link PythonEngine#start}: wait for its exit status, or stop it (a
 * server loop that never ends by itself). The embedding API's {@code ScriptRun} builds on it.
 *
 * <pre>{@code
 * RunningScript server = engine.start(RunOptions.script("server3.py"));
 * ...
 * server.stop(Duration.ofSeconds(10));
 * }</pre>
 */
public final class RunningScript {
    private final String name;
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final SocketModule sockets;
    private volatile Context context;
    private volatile Thread thread;

    RunningScript(String name, SocketModule sockets) {
        this.name = name;
        this.sockets = sockets;
    }

    /** The run's socket module: when it starts serving, which sockets it still holds. */
    public SocketModule sockets() {
        return sockets;
    }

    /** The thread the script runs on: a stopped run has ended it, not only reported its status. */
    void runsOn(Thread t) {
        thread = t;
    }

    void attach(Context ctx) {
        context = ctx;
    }

    void finished(int code) {
        status.complete(code);
    }

    void failed(Throwable t) {
        status.completeExceptionally(t);
    }

    public boolean isDone() {
        return status.isDone();
    }

    /** The exit status, waiting at most {@code limit}. */
    public int waitFor(Duration limit) throws TimeoutException, InterruptedException {
        try {
            return status.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + " failed inside pysock", e.getCause());
        }
    }

    /**
     * Stops the script: cancels its context, and wakes any socket wait it is blocked in (a
     * thread inside Java cannot see the cancellation until it returns to Python). Other runs
     * in the same JVM are not disturbed.
     */
    public void stop(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        Context ctx = context;
        if (ctx != null && !status.isDone()) {
            Thread closer = new Thread(() -> {
                try {
                    ctx.close(true);
                } catch (RuntimeException ignored) {
                    // cancelled contexts report their cancellation; the status says the rest
                }
            }, "pysock-stop");
            closer.setDaemon(true);
            closer.start();
            // Done means the run's own cleanup finished too (its sockets are closed by then).
            while (!status.isDone() && System.nanoTime() < end) {
                sockets.interruptWaits(); // this run's waits only: other runs in the JVM keep theirs
                try {
                    status.get(50, TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // still stopping, or stopped by failing: either way keep waking it until done
                }
            }
            status.complete(130);
        }
        // The status is set just before the script's thread returns; wait for that return too, so
        // a caller that counts threads after stop() finds none of this run's.
        Thread t = thread;
        long left = end - System.nanoTime();
        if (t != null && t != Thread.currentThread() && left > 0) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }
}
