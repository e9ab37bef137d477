package io.pysock.net;

import java.time.Duration;

/**
 * When a socket call or a poll must give up. Timeouts are kept in nanoseconds and capped at
 * {@link #MAX_NANOS}, far beyond any real wait, so {@code System.nanoTime() + timeout} never
 * overflows; a negative timeout means "block forever" and gives {@link #NEVER}.
 */
final class Deadline {
    /** The longest timeout pysock keeps (about 73 years): no deadline arithmetic can overflow. */
    static final long MAX_NANOS = Long.MAX_VALUE / 4;

    static final Deadline NEVER = new Deadline(0, true);

    private final long at; // a System.nanoTime() value
    private final boolean never;

    private Deadline(long at, boolean never) {
        this.at = at;
        this.never = never;
    }

    /** {@code timeoutNanos} from now; negative: never. */
    static Deadline after(long timeoutNanos) {
        return timeoutNanos < 0 ? NEVER : new Deadline(System.nanoTime() + timeoutNanos, false);
    }

    /** A timeout in seconds as kept nanoseconds: null (blocking) is -1. */
    static long nanos(Double seconds) {
        return seconds == null ? -1 : (long) Math.min(seconds * 1e9, MAX_NANOS);
    }

    /** A timeout as kept nanoseconds: null (blocking) is -1; a huge duration is capped, not an error. */
    static long nanos(Duration d) {
        if (d == null) {
            return -1;
        }
        try {
            return Math.min(d.toNanos(), MAX_NANOS);
        } catch (ArithmeticException e) {
            return MAX_NANOS;
        }
    }

    boolean isNever() {
        return never;
    }

    boolean passed() {
        return !never && at - System.nanoTime() <= 0;
    }

    /**
     * The argument for {@link java.nio.channels.Selector#select(long)}: 0 waits forever, -1 means
     * the deadline has passed. Rounded up, and at least 1 ms: a select that returns just before
     * the deadline would otherwise spin through zero-length waits.
     */
    long selectMillis() {
        if (never) {
            return 0;
        }
        long left = at - System.nanoTime();
        return left <= 0 ? -1 : Math.max(1, (left + 999_999) / 1_000_000);
    }
}
