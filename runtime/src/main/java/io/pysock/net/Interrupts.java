package io.pysock.net;

import java.nio.channels.Selector;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ctrl-C during a blocking socket call. A Python thread blocked in Java cannot see a pending
 * KeyboardInterrupt, so the signal handler calls {@link #interruptWaits()}: every wait in progress
 * returns EINTR, the Python side lets the interpreter run its signal handlers (raising
 * KeyboardInterrupt) and otherwise retries the call, as CPython does after EINTR (PEP 475).
 *
 * <pre>{@code
 * Interrupts.interruptWaits();   // every blocked pysock call now returns EINTR (Java callers: a SocketError)
 * }</pre>
 */
public final class Interrupts {
    private static final AtomicLong epoch = new AtomicLong();
    private static final Set<Selector> waiting = ConcurrentHashMap.newKeySet();

    private Interrupts() {
    }

    /** Makes every socket wait in progress return EINTR. */
    public static void interruptWaits() {
        epoch.incrementAndGet();
        for (Selector s : waiting) {
            s.wakeup();
        }
    }

    static long epoch() {
        return epoch.get();
    }

    static void enter(Selector s) {
        waiting.add(s);
    }

    static void exit(Selector s) {
        waiting.remove(s);
    }
}
