package io.pysock.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import io.pysock.scenario.CPythonReference;
import io.pysock.scenario.JUnitXmlReport;
import io.pysock.scenario.Scenario;
import io.pysock.scenario.ScenarioResult;
import io.pysock.scenario.ScenarioRunner;
import io.pysock.scenario.ScenarioSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pysock test PATH...}: runs scenario files (servers, clients, expected output). */
@Command(name = "test",
        mixinStandardHelpOptions = true,
        description = {
            "Runs test scenarios for ported scripts. Each *.scenario.yaml file names",
            "the processes to run (servers first; clients start once a server",
            "listens), what each must print and how it must end (format: README).",
            "",
            "Scenarios run in one JVM on one GraalPy engine, in parallel where they",
            "allow. Fixed ports such as 12345 are mapped to free ones per scenario,",
            "invisibly to the scripts.",
            "",
            "Prints one line per scenario with its time (and a diff on failure),",
            "then 'N passed, N failed'.",
            "",
            "Examples:",
            "  pysock test examples/tutorial",
            "  pysock test --reference python3 --junit-xml target/reports examples"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every scenario passed",
            "1:a scenario failed (or could not be read)",
            "2:bad command-line usage, or no scenario found"})
final class TestCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Scenario files, or folders searched for *.scenario.yaml.")
    List<Path> paths;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Scenarios run at the same time (default: ${DEFAULT-VALUE}).")
    int jobs = 2;

    @Option(names = "--no-daemon",
            description = "Run in a JVM of its own instead of the resident engine (as PYSOCK_DAEMON=0; see README).")
    boolean noDaemon;

    @Option(names = "--junit-xml", paramLabel = "DIR", description = "Also write a JUnit XML report into DIR.")
    Path junitXml;

    @Option(names = "--reference", paramLabel = "PYTHON",
            description = "Also run each Python 3 scenario under this CPython (e.g. python3) and report every difference.")
    String reference;

    @Option(names = "--progress", paramLabel = "SECONDS",
            description = "Report scenarios still running every SECONDS (default: ${DEFAULT-VALUE}; 0: never).")
    int progressSeconds = 15;

    @Spec
    CommandSpec spec;

    private final Invocation inv;

    TestCommand(Invocation inv) {
        this.inv = inv;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files;
        try {
            files = Scenario.discover(paths.stream().map(inv::resolve).toList());
        } catch (IOException e) {
            err.println("pysock test: " + e.getMessage());
            return 2;
        }
        if (files.isEmpty()) {
            err.println("pysock test: no *" + Scenario.SUFFIX + " file in " + paths);
            return 2;
        }
        CPythonReference ref = null;
        if (reference != null) {
            ref = new CPythonReference(reference);
            if (!ref.available()) {
                err.println("pysock test: --reference " + reference + ": cannot run it");
                return 2;
            }
        }
        AtomicInteger passed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CPythonReference reference = ref;
        inv.host().withEngine(engine -> {
            try (ScenarioRunner runner = new ScenarioRunner(engine)) {
                runSuite(runner, reference, files, out, err, passed, failed);
            }
            return null;
        });
        out.println(passed.get() + " passed, " + failed.get() + " failed");
        out.flush();
        if (Thread.interrupted()) {
            return 130; // Ctrl-C stopped the suite
        }
        return failed.get() == 0 ? 0 : 1;
    }

    private void runSuite(ScenarioRunner runner, CPythonReference ref, List<Path> files, PrintWriter out,
            PrintWriter err, AtomicInteger passed, AtomicInteger failed) {
        ScenarioSuite suite = new ScenarioSuite(runner, jobs, ref);
        Thread ticker = progress(suite, err, files.size(), passed, failed);
        List<ScenarioResult> results;
        try {
            results = suite.run(files, r -> {
                (r.passed() ? passed : failed).incrementAndGet();
                synchronized (out) {
                    out.printf(Locale.ROOT, "%s  %s  %s (%.1f s)%n", r.passed() ? "PASS" : "FAIL",
                            r.scenario().file(), r.scenario().name(), r.time().toMillis() / 1000.0);
                    if (!r.passed()) {
                        out.println(indent(r.report()));
                    }
                    out.flush();
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // call() reports it as 130
            err.println("pysock test: interrupted");
            return;
        } finally {
            ticker.interrupt();
        }
        if (junitXml != null) {
            try {
                out.println("JUnit XML: " + JUnitXmlReport.write(inv.resolve(junitXml), results));
            } catch (IOException e) {
                err.println("pysock test: --junit-xml: " + e.getMessage());
            }
        }
    }

    private Thread progress(ScenarioSuite suite, PrintWriter err, int total, AtomicInteger passed, AtomicInteger failed) {
        Thread t = new Thread(() -> {
            if (progressSeconds <= 0) {
                return;
            }
            try {
                while (true) {
                    Thread.sleep(progressSeconds * 1000L);
                    long now = System.nanoTime();
                    StringBuilder b = new StringBuilder();
                    suite.running().forEach((file, start) -> b.append(b.length() == 0 ? "" : ", ")
                            .append(file.getParent() == null ? "" : file.getParent().getFileName() + "/").append(file.getFileName()).append(' ').append((now - start) / 1_000_000_000L).append(" s"));
                    synchronized (err) {
                        err.printf("... %d of %d done; running: %s%n", passed.get() + failed.get(), total,
                                b.length() == 0 ? "(starting)" : b);
                        err.flush();
                    }
                }
            } catch (InterruptedException ignored) {
                // the suite is done
            }
        }, "pysock-test-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String indent(String s) {
        return "    " + s.replace("\n", "\n    ");
    }
}
