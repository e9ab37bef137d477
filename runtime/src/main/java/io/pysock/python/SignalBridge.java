package io.pysock.python;

import io.pysock.net.Interrupts;

/**
 * Chains onto GraalPy's SIGINT handler so Ctrl-C also wakes threads blocked in a socket call:
 * GraalPy schedules KeyboardInterrupt, and {@link Interrupts} makes the blocked call return EINTR
 * so the Python side gets to raise it.
 */
final class SignalBridge {
    private static boolean installed;

    private SignalBridge() {
    }

    @SuppressWarnings("restriction")
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        try {
            sun.misc.Signal sig = new sun.misc.Signal("INT");
            sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
            previous[0] = sun.misc.Signal.handle(sig, s -> {
                sun.misc.SignalHandler p = previous[0];
                if (p != null && p != sun.misc.SignalHandler.SIG_DFL && p != sun.misc.SignalHandler.SIG_IGN) {
                    p.handle(s);
                } else if (p == sun.misc.SignalHandler.SIG_DFL) {
                    System.exit(130);
                }
                Interrupts.interruptWaits();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT here (e.g. the JVM was started with -Xrs): Ctrl-C then ends the JVM as usual
        }
    }
}
