package io.pysock.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pysock.python.RunOptions;

/**
 * The differential check of {@code pysock test --reference python3}: runs a Python 3 scenario's
 * processes under CPython, as real processes on real ports, and lists where pysock's run differs
 * (output, exit status, the exception raised).
 *
 * <pre>{@code
 * CPythonReference ref = new CPythonReference("python3");
 * if (ref.appliesTo(scenario)) {
 *     List<String> diffs = ref.differences(pysockResult, ref.run(scenario));
 * }
 * }</pre>
 *
 * CPython's servers are known to be ready when the kernel lists a listening (or bound UDP) socket
 * among the process's own descriptors ({@code /proc/PID/fd} against {@code /proc/net/*}): no probe
 * connection, which would count as a client. Reference runs use the scenario's real ports, so the
 * caller runs them one at a time.
 */
public final class CPythonReference {
    private static final Pattern EXCEPTION_LINE = Pattern.compile("^([A-Za-z_][\\w.]*(Error|Exception|Interrupt|Exit|Warning|timeout|gaierror|herror)\\b.*)$", Pattern.MULTILINE);

    private final String python;

    public CPythonReference(String python) {
        this.python = python;
    }

    /** True if the interpreter runs at all. */
    public boolean available() {
        return succeeds(List.of(python, "-c", "pass"), 30);
    }

    /** A Python 3 scenario: no process is Python 2 (forced, or detected by failing to compile). */
    public boolean appliesTo(Scenario s) {
        for (ProcessSpec p : s.processes()) {
            if (p.mode() == RunOptions.PythonMode.PY2) {
                return false;
            }
            if (p.network() != null && p.network() != io.pysock.net.NetworkPolicy.ALLOW_ALL) {
                return false; // python3 has no network policy: its run would differ by design
            }
            if (p.mode() == RunOptions.PythonMode.AUTO && p.kind() == RunOptions.Kind.SCRIPT
                    && !succeeds(List.of(python, "-c", "import sys; compile(open(sys.argv[1], 'rb').read(), sys.argv[1], 'exec')",
                            s.dir().resolve(p.target()).toString()), 60)) {
                return false;
            }
        }
        return true;
    }

    private static boolean succeeds(List<String> cmd, int seconds) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final class Proc {
        final ProcessSpec spec;
        final Process process;
        final Path out;
        final Path err;
        boolean stoppedByUs;

        Proc(ProcessSpec spec, Process process, Path out, Path err) {
            this.spec = spec;
            this.process = process;
            this.out = out;
            this.err = err;
        }
    }

    /** Runs the scenario under CPython; expectations are not checked here (see {@link #differences}). */
    public ScenarioResult run(Scenario s) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + s.timeout().toNanos();
        Path tmp = Files.createTempDirectory("pysock-ref");
        Map<String, Proc> procs = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        boolean timedOut = false;
        try {
            for (ProcessSpec p : s.servers()) {
                Proc pr = start(s, p, tmp);
                procs.put(p.name(), pr);
                while (!serving(pr.process.pid())) {
                    if (!pr.process.isAlive()) {
                        failures.add(p.name() + ": ended with status " + pr.process.exitValue() + " before it listened");
                        break;
                    }
                    if (System.nanoTime() - deadline > 0) {
                        timedOut = true;
                        break;
                    }
                    Thread.sleep(20);
                }
                if (!failures.isEmpty() || timedOut) {
                    break;
                }
            }
            if (failures.isEmpty() && !timedOut) {
                for (ProcessSpec p : s.clients()) {
                    procs.put(p.name(), start(s, p, tmp));
                }
                for (Proc pr : procs.values()) {
                    if (pr.spec.server() && pr.spec.exit() == null) {
                        continue;
                    }
                    long left = deadline - System.nanoTime();
                    if (!pr.process.waitFor(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
                        timedOut = true;
                        break;
                    }
                }
            }
        } finally {
            for (Proc pr : procs.values()) {
                if (pr.process.isAlive()) {
                    pr.stoppedByUs = true;
                    pr.process.destroy();
                    if (!pr.process.waitFor(5, TimeUnit.SECONDS)) {
                        pr.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                }
            }
        }
        if (timedOut) {
            failures.add("timed out after " + s.timeout().toSeconds() + " s under " + python);
        }
        List<ProcessResult> results = new ArrayList<>();
        for (Proc pr : procs.values()) {
            results.add(new ProcessResult(pr.spec.name(), pr.stoppedByUs ? null : pr.process.exitValue(),
                    Files.readString(pr.out, StandardCharsets.UTF_8), Files.readString(pr.err, StandardCharsets.UTF_8),
                    Duration.ZERO));
        }
        try (var files = Files.list(tmp)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(tmp);
        return new ScenarioResult(s, Duration.ofNanos(System.nanoTime() - t0), results, failures, timedOut);
    }

    private Proc start(Scenario s, ProcessSpec p, Path tmp) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(python);
        switch (p.kind()) {
            case SCRIPT -> cmd.add(s.dir().resolve(p.target()).toString());
            case MODULE -> {
                cmd.add("-m");
                cmd.add(p.target());
            }
            case CODE -> {
                cmd.add("-c");
                cmd.add(p.target());
            }
        }
        cmd.addAll(p.args());
        Path out = tmp.resolve(p.name().replaceAll("\\W", "_") + ".out");
        Path err = tmp.resolve(p.name().replaceAll("\\W", "_") + ".err");
        Path in = tmp.resolve(p.name().replaceAll("\\W", "_") + ".in");
        Files.writeString(in, p.stdin(), StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(s.dir().toFile())
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        // Unbuffered, so a server stopped by a signal has printed everything it printed.
        pb.environment().put("PYTHONUNBUFFERED", "1");
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        List<String> libs = p.libraryPath(s.dir());
        if (!libs.isEmpty()) { // the scenario's path: ahead of the caller's PYTHONPATH, as for pysock
            String inherited = pb.environment().get("PYTHONPATH");
            pb.environment().put("PYTHONPATH", String.join(":", libs)
                    + (inherited == null || inherited.isEmpty() ? "" : ":" + inherited));
        }
        return new Proc(p, pb.start(), out, err);
    }

    /** Whether the kernel lists a listening TCP or bound UDP socket among the process's descriptors. */
    static boolean serving(long pid) {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring(8, link.length() - 1));
                    }
                } catch (IOException ignored) {
                    // closed while we looked
                }
            }
        } catch (IOException e) {
            return false;
        }
        if (inodes.isEmpty()) {
            return false;
        }
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            boolean udp = table.startsWith("udp");
            try {
                for (String line : Files.readAllLines(Path.of("/proc/net", table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && inodes.contains(f[9]) && (udp || f[3].equals("0A"))) {
                        return true;
                    }
                }
            } catch (IOException ignored) {
                // no such table (IPv6 off)
            }
        }
        return false;
    }

    /**
     * Where pysock's run and CPython's differ. Output a scenario gives as a pattern (ports,
     * addresses) only has to match it in both; other output must be the same text.
     */
    public List<String> differences(ScenarioResult pysock, ScenarioResult reference) {
        List<String> d = new ArrayList<>(reference.failures().stream().map(f -> "python3: " + f).toList());
        for (ProcessSpec spec : pysock.scenario().processes()) {
            ProcessResult a;
            ProcessResult b;
            try {
                a = pysock.process(spec.name());
                b = reference.process(spec.name());
            } catch (java.util.NoSuchElementException e) {
                continue; // not started in one of the runs: already a failure there
            }
            String who = spec.name();
            if (!java.util.Objects.equals(a.status(), b.status())) {
                d.add(who + ": exit status " + show(a.status()) + " on pysock, " + show(b.status()) + " on python3");
            }
            String ea = exception(a.stderr());
            String eb = exception(b.stderr());
            if (!java.util.Objects.equals(ea, eb)) {
                d.add(who + ": raised " + (ea == null ? "nothing" : ea) + " on pysock, "
                        + (eb == null ? "nothing" : eb) + " on python3");
            }
            compare(who, "stdout", spec.stdout(), a.stdout(), b.stdout(), d);
        }
        return d;
    }

    private static void compare(String who, String stream, Expectation e, String pysock, String cpython, List<String> d) {
        if (e instanceof Expectation.Matching m) {
            String md = m.mismatch(cpython);
            if (md != null) {
                d.add(who + ": " + stream + " on python3 does not match the scenario\n" + ScenarioRunner.indent(md));
            }
        } else if (!pysock.equals(cpython)) {
            d.add(who + ": " + stream + " differs from python3 (- python3, + pysock)\n"
                    + ScenarioRunner.indent(Diff.unified(cpython, pysock)));
        }
    }

    private static String show(Integer status) {
        return status == null ? "(stopped)" : status.toString();
    }

    /** The last "SomeError: message" line of a traceback, or null. */
    static String exception(String stderr) {
        if (!stderr.contains("Traceback")) {
            return null;
        }
        Matcher m = EXCEPTION_LINE.matcher(stderr);
        String last = null;
        while (m.find()) {
            last = m.group(1).trim();
        }
        return last;
    }
}
