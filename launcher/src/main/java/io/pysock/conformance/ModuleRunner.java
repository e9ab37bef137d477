package io.pysock.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs one CPython test module in a child process ({@code conformance/driver.py} under pysock,
 * GraalPy's sockets or a CPython) and sums the counts it prints per test class. A class that
 * runs past {@code classLimitSeconds} is a hang: the child is killed, the class is reported as
 * hung (its tests are not counted: unittest never gave a result for them), and a new child goes
 * on after it.
 */
public final class ModuleRunner {
    private static final String EOF = "\u0000EOF";
    private static final String IMPORT = "(module import)";
    private static final String TEARDOWN = "(module teardown)";
    private static final long IMPORT_LIMIT_SECONDS = 600;

    private final List<String> interpreter;
    private final Path driver;
    private final Path testDir;
    private final Path skipFile;
    private final long classLimitSeconds;

    /** {@code interpreter}: the command that runs a Python script (the script's path follows it). */
    public ModuleRunner(List<String> interpreter, Path driver, Path testDir, Path skipFile, long classLimitSeconds) {
        this.interpreter = List.copyOf(interpreter);
        this.driver = driver;
        this.testDir = testDir;
        this.skipFile = skipFile;
        this.classLimitSeconds = classLimitSeconds;
    }

    /** Runs {@code module} (only the classes in {@code only}, when given); the child's output goes to {@code log}. */
    public Counts run(String module, List<String> only, PrintWriter log) throws IOException, InterruptedException {
        Counts counts = new Counts();
        String after = null;
        while (true) {
            List<String> cmd = new ArrayList<>(interpreter);
            cmd.add(driver.toString());
            cmd.add(testDir.toString());
            cmd.add(module);
            cmd.add(skipFile.toString());
            cmd.add("--failures");
            if (after != null) {
                cmd.add("--after");
                cmd.add(after);
            }
            if (only != null && !only.isEmpty()) {
                cmd.add("--only");
                cmd.add(String.join(",", only));
            }
            log.println("# " + String.join(" ", cmd));
            log.flush();
            String hungClass = runChild(cmd, counts, log);
            if (hungClass == null) {
                return counts;
            }
            counts.hung.add(hungClass.substring(hungClass.lastIndexOf('.') + 1));
            after = hungClass;
        }
    }

    /** One child; returns the class that hung, or null when the child ended by itself. */
    private String runChild(List<String> cmd, Counts counts, PrintWriter log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofPlatform().daemon().name("conformance-reader").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("# reader: " + e);
            } finally {
                lines.add(EOF);
            }
        });
        String current = IMPORT;
        // Starting a JVM and importing a test module on a busy machine can take minutes.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(classLimitSeconds, IMPORT_LIMIT_SECONDS));
        boolean done = false;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    log.println("# HANG " + current + ": no result in its time limit; killed");
                    if (current.equals(TEARDOWN)) {
                        return null; // every class has its counts; the module's own cleanup is not a test
                    }
                    return current.equals(IMPORT) ? moduleHang(counts) : current;
                }
                if (line.equals(EOF)) {
                    break;
                }
                log.println(line);
                log.flush();
                String[] f = line.split(" ");
                if (line.startsWith("BEGIN ") && f.length >= 2) {
                    current = f[1];
                    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(classLimitSeconds);
                } else if (line.startsWith("CLASS ") && f.length >= 16) {
                    counts.run += Integer.parseInt(f[3]);
                    counts.failures += Integer.parseInt(f[5]);
                    counts.errors += Integer.parseInt(f[7]);
                    counts.skipped += Integer.parseInt(f[9]);
                    counts.unexpectedSuccesses += Integer.parseInt(f[13]);
                    counts.passed += Integer.parseInt(f[15]);
                    current = "(between classes)";
                } else if (line.equals("TEARDOWN")) {
                    current = TEARDOWN;
                    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(classLimitSeconds);
                } else if (line.startsWith("MODULE-ERROR ")) {
                    counts.moduleError = line.substring("MODULE-ERROR ".length());
                } else if (line.equals("DONE")) {
                    done = true;
                }
            }
            p.waitFor(30, TimeUnit.SECONDS);
            if (!done && counts.moduleError == null && !current.equals(TEARDOWN)) {
                counts.moduleError = "the test process ended early (exit " + (p.isAlive() ? "?" : p.exitValue())
                        + ") in " + current;
            }
            return null;
        } finally {
            kill(p);
            reader.join(5000);
            log.flush();
        }
    }

    private static String moduleHang(Counts counts) {
        counts.moduleError = "import hung";
        return null;
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
