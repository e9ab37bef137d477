package io.pysock.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What this JVM holds open now: pysock sockets, file descriptors and live threads (tests compare them to a baseline). */
public record OpenResources(int sockets, long descriptors, int threads) {

    public static OpenResources now() {
        int sockets = 0;
        for (PySocket ignored : LiveSockets.all()) {
            sockets++;
        }
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count();
        } catch (IOException e) {
            fds = -1;
        }
        return new OpenResources(sockets, fds, Thread.activeCount());
    }

    /** True when nothing is held beyond {@code baseline}. */
    public boolean within(OpenResources baseline) {
        return sockets <= baseline.sockets && descriptors <= baseline.descriptors && threads <= baseline.threads;
    }

    /** Waits (bounded) until nothing is held beyond {@code baseline}, as closed channels and ending threads settle; returns the last reading. */
    public static OpenResources settle(OpenResources baseline, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        OpenResources r = now();
        while (!r.within(baseline) && System.nanoTime() < end) {
            System.gc(); // an abandoned GraalPy object releases its socket only when collected
            Thread.sleep(50);
            r = now();
        }
        return r;
    }
}
