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
 * GraalPy's sockets or a CPython) and sums the counts it prints. Two time limits bound it:
 * <ul>
 * <li>a <b>test</b> (or a class's fixtures between tests) that gives no result within
 * {@code testLimitSeconds} has hung: the child is killed, the test is reported as hung (it is
 * not counted: unittest never gave a result for it), and a new child goes on with the next test
 * of its class;</li>
 * <li>a <b>class</b> still running after {@code classLimitSeconds} is stopped: the child is
 * killed, the tests of it that ended are counted, the class is reported as stopped with how many
 * of its tests ran, and a new child goes on with the next class.</li>
 * </ul>
 * The tests that ended before a hang keep unittest's verdicts (the driver prints each test's
 * growth of unittest's result as it ends), so one slow test no longer discards its class.
 */
public final class ModuleRunner {
    private static final String EOF = "\u0000EOF";
    private static final String IMPORT = "(module import)";
    private static final String TEARDOWN = "(module teardown)";
    private static final long IMPORT_LIMIT_SECONDS = 600;
    private static final long NO_LIMIT_NANOS = TimeUnit.DAYS.toNanos(365);

    private final List<String> interpreter;
    private final Path driver;
    private final Path testDir;
    private final Path skipFile;
    private final long testLimitSeconds;
    private final long classLimitSeconds;

    /** {@code interpreter}: the command that runs a Python script (the script's path follows it). */
    public ModuleRunner(List<String> interpreter, Path driver, Path testDir, Path skipFile,
                        long testLimitSeconds, long classLimitSeconds) {
        this.interpreter = List.copyOf(interpreter);
        this.driver = driver;
        this.testDir = testDir;
        this.skipFile = skipFile;
        this.testLimitSeconds = testLimitSeconds;
        this.classLimitSeconds = classLimitSeconds;
    }

    /**
     * Where the next child starts: after a class ({@code --after}) or after a test ({@code --resume});
     * a class resumed after a hung test keeps its deadline, so its limit covers all its children.
     */
    private record Resume(String option, String id, String className, long classDeadline) {
    }

    /** Runs {@code module} (only the classes in {@code only}, when given); the child's output goes to {@code log}. */
    public Counts run(String module, List<String> only, PrintWriter log) throws IOException, InterruptedException {
        Counts counts = new Counts();
        Resume resume = null;
        while (true) {
            List<String> cmd = new ArrayList<>(interpreter);
            cmd.add(driver.toString());
            cmd.add(testDir.toString());
            cmd.add(module);
            cmd.add(skipFile.toString());
            cmd.add("--failures");
            if (resume != null) {
                cmd.add(resume.option());
                cmd.add(resume.id());
            }
            if (only != null && !only.isEmpty()) {
                cmd.add("--only");
                cmd.add(String.join(",", only));
            }
            log.println("# " + String.join(" ", cmd));
            log.flush();
            resume = runChild(cmd, counts, log, resume);
            if (resume == null) {
                return counts;
            }
        }
    }

    /** What the child is doing, from the lines it printed. */
    private static final class Progress {
        String currentClass = IMPORT;
        int classTests;
        int classEnded;
        String currentTest;          // started, no result yet
        Counts classSoFar = new Counts();
        long classDeadline;
        long quietDeadline;          // the test (or fixture) in progress must answer by then
    }

    /** One child; returns where the next child starts, or null when this one ended by itself. */
    private Resume runChild(List<String> cmd, Counts counts, PrintWriter log, Resume from) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        // A Ctrl-C or kill of `pysock conformance` must not leave a test process running on.
        Thread killOnExit = new Thread(() -> kill(p), "conformance-child-killer");
        Runtime.getRuntime().addShutdownHook(killOnExit);
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
        Progress at = new Progress();
        // Starting a JVM and importing a test module on a busy machine can take minutes.
        at.quietDeadline = System.nanoTime() + seconds(Math.max(testLimitSeconds, IMPORT_LIMIT_SECONDS));
        at.classDeadline = System.nanoTime() + NO_LIMIT_NANOS;
        boolean done = false;
        try {
            while (true) {
                long now = System.nanoTime();
                long left = Math.min(at.quietDeadline - now, at.classDeadline - now);
                String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    return timedOut(at, counts, log);
                }
                if (line.equals(EOF)) {
                    break;
                }
                log.println(line);
                log.flush();
                String[] f = line.split(" ");
                now = System.nanoTime();
                if (line.startsWith("BEGIN ") && f.length == 3 && number(f[2])) {
                    at.currentClass = f[1];
                    at.classTests = Integer.parseInt(f[2]);
                    at.classEnded = 0;
                    at.currentTest = null;
                    at.classSoFar = new Counts();
                    at.classDeadline = from != null && at.currentClass.equals(from.className())
                            ? from.classDeadline() : now + seconds(classLimitSeconds);
                    at.quietDeadline = now + seconds(testLimitSeconds);
                } else if (line.startsWith("TEST ") && f.length == 3 && number(f[2])) {
                    at.currentTest = f[1];
                    at.quietDeadline = now + seconds(testLimitSeconds);
                } else if (line.startsWith("RESULT ") && figuresLine(f)) {
                    at.classSoFar.add(figures(f));
                    at.classEnded++;
                    at.currentTest = null;
                    at.quietDeadline = now + seconds(testLimitSeconds);
                } else if (line.startsWith("CLASS ") && figuresLine(f)) {
                    counts.add(figures(f)); // the class's own totals, fixtures' errors included
                    at.currentClass = "(between classes)";
                    at.currentTest = null;
                    at.classDeadline = now + NO_LIMIT_NANOS;
                    at.quietDeadline = now + seconds(testLimitSeconds);
                } else if (line.equals("TEARDOWN")) {
                    at.currentClass = TEARDOWN;
                    at.classDeadline = now + NO_LIMIT_NANOS;
                    at.quietDeadline = now + seconds(testLimitSeconds);
                } else if (line.startsWith("MODULE-ERROR ")) {
                    counts.moduleError = line.substring("MODULE-ERROR ".length());
                } else if (line.equals("DONE")) {
                    done = true;
                }
            }
            p.waitFor(30, TimeUnit.SECONDS);
            if (!done && counts.moduleError == null && !at.currentClass.equals(TEARDOWN)) {
                counts.moduleError = "the test process ended early (exit " + (p.isAlive() ? "?" : p.exitValue())
                        + ") in " + at.currentClass;
            }
            return null;
        } finally {
            kill(p);
            reader.join(5000);
            log.flush();
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will: the child is killed either way
            }
        }
    }

    /** A limit passed: record what ended and what hung, and say where the next child starts. */
    private Resume timedOut(Progress at, Counts counts, PrintWriter log) {
        String shortClass = at.currentClass.substring(at.currentClass.lastIndexOf('.') + 1);
        if (at.currentClass.equals(TEARDOWN)) {
            log.println("# HANG " + TEARDOWN + ": no result in its time limit; killed");
            return null; // every class has its counts; the module's own cleanup is not a test
        }
        if (at.currentClass.equals(IMPORT)) {
            log.println("# HANG " + IMPORT + ": no result in its time limit; killed");
            counts.moduleError = "import hung";
            return null;
        }
        if (at.currentClass.startsWith("(")) {
            log.println("# HANG " + at.currentClass + ": no result in its time limit; killed");
            counts.moduleError = "hung " + at.currentClass;
            return null;
        }
        counts.add(at.classSoFar);
        boolean classLimit = at.classDeadline - System.nanoTime() <= 0;
        if (classLimit) {
            log.println("# CLASS LIMIT " + at.currentClass + ": " + at.classEnded + " of " + at.classTests
                    + " tests ended in " + classLimitSeconds + " s; killed");
            counts.hung.add(shortClass + " (class time limit: " + at.classEnded + " of " + at.classTests + " tests ran)");
            return new Resume("--after", at.currentClass, null, 0);
        }
        if (at.currentTest != null) {
            log.println("# HANG " + at.currentTest + ": no result in " + testLimitSeconds + " s; killed");
            counts.hung.add(shortClass + "." + at.currentTest.substring(at.currentTest.lastIndexOf('.') + 1));
            return new Resume("--resume", at.currentTest, at.currentClass, at.classDeadline);
        }
        log.println("# HANG " + at.currentClass + " (a class fixture): no result in " + testLimitSeconds + " s; killed");
        counts.hung.add(shortClass + " (fixture)");
        return new Resume("--after", at.currentClass, null, 0);
    }

    // The driver's lines share the child's output with the tests' own prints ("CLASS = ...").
    private static boolean number(String s) {
        return s.matches("\\d+(\\.\\d+)?");
    }

    private static boolean figuresLine(String[] f) {
        return f.length >= 16 && f[2].equals("run") && f[14].equals("passed") && number(f[3]) && number(f[15]);
    }

    private static Counts figures(String[] f) {
        Counts c = new Counts();
        c.run = Integer.parseInt(f[3]);
        c.failures = Integer.parseInt(f[5]);
        c.errors = Integer.parseInt(f[7]);
        c.skipped = Integer.parseInt(f[9]);
        c.unexpectedSuccesses = Integer.parseInt(f[13]);
        c.passed = Integer.parseInt(f[15]);
        return c;
    }

    private static long seconds(long s) {
        return TimeUnit.SECONDS.toNanos(s);
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
