package io.pysock.python;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.pysock.net.SocketModule;

/** Test helpers: one shared engine for the test JVM, captured output, CPython peers. */
final class Scripts {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path TUTORIAL = ROOT.resolve("examples/tutorial");
    private static PythonEngine engine;

    private Scripts() {
    }

    static synchronized PythonEngine engine() {
        if (engine == null) {
            engine = PythonEngine.create();
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        }
        return engine;
    }

    /** A finished run: exit status and what it printed. */
    record Result(int status, String out, String err) {
    }

    /** A run with its own captured streams. */
    static final class Captured {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        RunOptions apply(RunOptions o) {
            return o.withStreams(new ByteArrayInputStream(new byte[0]), out, err);
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    static Result run(RunOptions o) {
        Captured c = new Captured();
        int status = engine().run(c.apply(o));
        return new Result(status, c.out(), c.err());
    }

    /**
     * Runs to its end on the shared engine, at most {@code limit}: a hung run is stopped and
     * fails the test with what it printed, it does not hang the suite.
     */
    static Result runFor(RunOptions o, Duration limit) {
        Captured c = new Captured();
        RunningScript running = engine().start(c.apply(o));
        try {
            return new Result(running.waitFor(limit), c.out(), c.err());
        } catch (java.util.concurrent.TimeoutException e) {
            try {
                running.stop(Duration.ofSeconds(20));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError(o.target() + " on " + o.sockets() + " did not finish in " + limit.toSeconds()
                    + " s:\n" + c.out() + c.err());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits (bounded) until some pysock socket in this JVM listens on {@code port}. */
    static void awaitListening(RunningScript server, Captured out, int port, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (!SocketModule.listeningPorts().contains(port)) {
            if (server.isDone()) {
                throw new AssertionError("server ended before listening, status " + server.waitFor(Duration.ZERO)
                        + ":\n" + out.out() + out.err());
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("nothing listened on port " + port + " within " + limit);
            }
            Thread.sleep(20);
        }
    }

    static boolean hasPython3() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs CPython on a script; returns its result (bounded by {@code limit}). */
    static Result python3(Path script, Duration limit) throws IOException, InterruptedException {
        return python3(script, List.of(), limit);
    }

    /** Runs CPython on a script with arguments; returns its result (bounded by {@code limit}). */
    static Result python3(Path script, String arg1, String arg2, Duration limit) throws IOException, InterruptedException {
        return python3(script, List.of(arg1, arg2), limit);
    }

    private static Result python3(Path script, List<String> args, Duration limit) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("python3", script.toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 " + script + " did not finish within " + limit);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }
}
