package io.pysock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How a daemon starts, refuses and ends: each test has a daemon of its own. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DaemonLifecycleTest {

    private static Path newDir() throws Exception {
        return Files.createTempDirectory(Path.of("/tmp"), "pysock-lc",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static List<String> daemonCommand(Path socket, int idleSeconds) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Daemon.class.getName(),
                socket.toString(), Integer.toString(idleSeconds)));
        return cmd;
    }

    @Test
    void itExitsByItselfAfterItsIdlePeriodAndRemovesItsSocket() throws Exception {
        Path dir = newDir();
        Path socket = dir.resolve("idle.sock");
        Process daemon = new ProcessBuilder(daemonCommand(socket, 2)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("idle.log").toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(socket) && daemon.isAlive() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(socket), "the daemon never listened: " + Files.readString(dir.resolve("idle.log")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "still running long after a 2 s idle period");
        assertFalse(Files.exists(socket), "its socket file outlived it");
        assertTrue(Files.readString(dir.resolve("idle.log")).contains("idle for 2 s"));
    }

    @Test
    void aSecondDaemonForTheSameSocketStepsAside() throws Exception {
        Path dir = newDir();
        Path socket = dir.resolve("one.sock");
        Process first = new ProcessBuilder(daemonCommand(socket, 60)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("first.log").toFile()).start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(socket) && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            Process second = new ProcessBuilder(daemonCommand(socket, 60)).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("second.log").toFile()).start();
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "two daemons for one socket");
            assertTrue(Files.readString(dir.resolve("second.log")).contains("another daemon serves"));
            assertTrue(first.isAlive());
        } finally {
            first.destroy();
            first.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Another user cannot use your daemon (this test needs root, to be another user). */
    @Test
    void aClientOfAnotherUserGetsNothing() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name"))
                && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv to act as another user");
        Path dir = newDir();
        Path socket = dir.resolve("mine.sock");
        Path cmdFile = dir.resolve("mine.cmd");
        Files.writeString(cmdFile, String.join("\0", daemonCommand(socket, 60)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = DaemonClient.run(socket, cmdFile, List.of("run", "-c", "print('mine')"),
                new DaemonClient.Caller("/", Map.of(), InputStream.nullInputStream(), out, out, false, false));
        try {
            assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
            List<String> asNobody = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), DaemonClient.class.getName(),
                    socket.toString(), cmdFile.toString(), "--", "run", "-c", "print('reached')"));
            Process p = new ProcessBuilder(asNobody).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertNotEquals(0, p.exitValue(), said);
            assertFalse(said.contains("reached"), said);
        } finally {
            DaemonClient.run(socket, cmdFile, List.of("daemon", "stop"), new DaemonClient.Caller("/", Map.of(),
                    InputStream.nullInputStream(), java.io.OutputStream.nullOutputStream(),
                    java.io.OutputStream.nullOutputStream(), false, false));
        }
    }
}
