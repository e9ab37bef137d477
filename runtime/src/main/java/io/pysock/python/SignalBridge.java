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

    static synchronized void install() {
        if (!installed) {
            installed = true;
            Interrupts.chainSignal(2); // SIGINT
        }
    }
}
