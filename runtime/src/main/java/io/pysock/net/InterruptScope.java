package io.pysock.net;

import java.nio.channels.Selector;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The socket waits one interrupt reaches: {@link #JVM} for a real signal (every wait in the
 * process, as SIGINT interrupts every blocked syscall of a process), and one per script run
 * ({@link SocketModule#interruptWaits()}), so stopping a run wakes only that run's waits when
 * several runs share the JVM.
 *
 * <p>A wait watches the JVM scope and the scopes of the runs the socket or poller belongs to; an
 * interrupt of any of them makes it return EINTR.
 */
final class InterruptScope {
    static final InterruptScope JVM = new InterruptScope();

    private final AtomicLong epoch = new AtomicLong();
    private final Set<Selector> waiting = ConcurrentHashMap.newKeySet();

    /** Makes every wait in this scope return EINTR. */
    void interrupt() {
        epoch.incrementAndGet();
        for (Selector s : waiting) {
            s.wakeup();
        }
    }

    /**
     * A wait that the JVM scope and {@code runs} (nulls are skipped) can interrupt. Begin it
     * before looking at the channels, so an interrupt from then on is not lost.
     */
    static Wait begin(Iterable<InterruptScope> runs) {
        return new Wait(runs);
    }

    /** One wait in progress: remembers each scope's epoch, so an interrupt during the wait is seen. */
    static final class Wait {
        private Selector selector;
        private final java.util.List<InterruptScope> scopes = new java.util.ArrayList<>(2);
        private final long[] epochs;

        private Wait(Iterable<InterruptScope> runs) {
            scopes.add(JVM);
            for (InterruptScope s : runs) {
                if (s != null && !scopes.contains(s)) {
                    scopes.add(s);
                }
            }
            epochs = new long[scopes.size()];
            for (int k = 0; k < epochs.length; k++) {
                epochs[k] = scopes.get(k).epoch.get();
            }
        }

        /** An interrupt from now on wakes {@code s} (just before the select). */
        void enter(Selector sel) {
            selector = sel;
            for (InterruptScope s : scopes) {
                s.waiting.add(selector);
            }
        }

        /** After the select. */
        void exit() {
            for (InterruptScope s : scopes) {
                s.waiting.remove(selector);
            }
        }

        /** Whether any of the wait's scopes was interrupted since it began. */
        boolean interrupted() {
            for (int k = 0; k < epochs.length; k++) {
                if (scopes.get(k).epoch.get() != epochs[k]) {
                    return true;
                }
            }
            return false;
        }
    }
}
