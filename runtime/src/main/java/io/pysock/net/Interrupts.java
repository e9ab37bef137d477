package io.pysock.net;


/**
 * Ctrl-C during a blocking socket call. A Python thread blocked in Java cannot see a pending
 * KeyboardInterrupt, so the signal handler calls {@link #interruptWaits()}: every wait in progress
 * returns EINTR, the Python side lets the interpreter run its signal handlers (raising
 * KeyboardInterrupt) and otherwise retries the call, as CPython does after EINTR (PEP 475).
 *
 * <p>A signal reaches the whole JVM, so this is for one run per JVM (the command line). To wake
 * only one run's waits, when several runs share a JVM, use {@link SocketModule#interruptWaits()}.
 *
 * <pre>{@code
 * Interrupts.interruptWaits();   // every blocked pysock call now returns EINTR (Java callers: a SocketError)
 * }</pre>
 */
public final class Interrupts {

    private Interrupts() {
    }

    /** Makes every socket wait in progress in this JVM return EINTR. */
    public static void interruptWaits() {
        InterruptScope.JVM.interrupt();
    }

    private static final java.util.Map<Integer, String> SIGNAL_NAMES = java.util.Map.of(
            1, "HUP", 2, "INT", 10, "USR1", 12, "USR2", 14, "ALRM", 15, "TERM", 28, "WINCH");

    /**
     * Makes signal {@code signum} wake blocked socket waits too, after the handler now installed
     * (GraalPy's, which schedules the script's Python handler) has run. Called each time a script
     * installs a Python handler, because installing one replaces the JVM-level handler.
     * Returns false if the JVM does not let this signal be handled.
     */
    @SuppressWarnings("restriction")
    public static synchronized boolean chainSignal(int signum) {
        String name = SIGNAL_NAMES.get(signum);
        if (name == null) {
            return false;
        }
        try {
            sun.misc.Signal sig = new sun.misc.Signal(name);
            Chained ours = new Chained();
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(sig, ours);
            ours.inner = previous instanceof Chained c ? c.inner : previous;
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false; // reserved by the JVM (or -Xrs): the signal keeps its JVM meaning
        }
    }

    @SuppressWarnings("restriction")
    private static final class Chained implements sun.misc.SignalHandler {
        volatile sun.misc.SignalHandler inner;

        @Override
        public void handle(sun.misc.Signal s) {
            sun.misc.SignalHandler p = inner;
            if (p != null && p != SIG_DFL && p != SIG_IGN) {
                p.handle(s);
            } else if (p == SIG_DFL) {
                System.exit(128 + s.getNumber()); // what the default action would have done
            }
            interruptWaits();
        }
    }
}
