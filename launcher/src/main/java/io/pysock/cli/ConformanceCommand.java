package io.pysock.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.pysock.conformance.Baseline;
import io.pysock.conformance.Counts;
import io.pysock.conformance.Isolation;
import io.pysock.conformance.ModuleRunner;
import io.pysock.conformance.Suites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pysock conformance}: CPython's own socket-related test suites, on pysock, with one row per module. */
@Command(name = "conformance",
        mixinStandardHelpOptions = true,
        description = {
            "Runs CPython's own test suites on pysock and prints one row per module:",
            "  test_socket  run N  N passed  N failed  N errors  N skipped",
            "then a total. The counts are unittest's own (a TestResult per test class).",
            "",
            "The tests are CPython 3.11's test package from Debian's libpython3.11-testsuite",
            "(installed with apt-get when missing and possible), run unchanged on pysock's",
            "Python 3.12 standard library: only the 'test' package is taken from it.",
            "Tests are adapted only by skipping, each listed with its reason in",
            "conformance/skips.txt.",
            "",
            "Each module runs in a process of its own (conformance/driver.py), with two",
            "time limits. A test that passes --test-timeout is reported as hung (it is",
            "not counted) and a new process goes on with the next test of its class; a",
            "class that passes --class-timeout is stopped, the tests of it that ended",
            "count, and the run goes on with the next class. Either way the tests that",
            "ended keep unittest's verdicts.",
            "Everything runs in a private network namespace (unshare -n) with only",
            "loopback up, so no lookup leaves the machine; without one, Java runs resolve",
            "from /etc/hosts only and a CPython reference run refuses to start.",
            "",
            "The child's full output (each failing test and its last line) is written to",
            "target/conformance/<sockets>/<module>.log.",
            "",
            "Modules: test_socket test_socketserver test_select test_poll test_epoll",
            "test_selectors test_asyncio.{test_sock_lowlevel,test_streams,test_events,",
            "test_server} test_ssl test_httplib test_urllib2_localnet test_xmlrpc test_ftplib",
            "test_smtplib test_poplib test_imaplib test_nntplib test_telnetlib.",
            "",
            "Examples:",
            "  pysock conformance                          # all modules on pysock (long)",
            "  pysock conformance --module test_socket",
            "  pysock conformance --sockets=graalpy        # on GraalPy's own sockets",
            "  pysock conformance --reference python3      # the same tests under CPython",
            "  pysock conformance --fast                   # the CI subset, held to its baseline"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the run ended (with --fast: and no module fell below its baseline)",
            "1:with --fast (or --baseline): a module passed fewer tests than recorded",
            "2:bad usage, or the test suite is missing and could not be installed"})
final class ConformanceCommand implements Callable<Integer> {
    static final Path DEFAULT_TESTSUITE = Path.of("/usr/lib/python3.11/test");

    @Option(names = "--sockets", paramLabel = "pysock|graalpy",
            description = "Whose sockets the tests run on (default: ${DEFAULT-VALUE}).")
    String sockets = "pysock";

    @Option(names = "--reference", paramLabel = "PYTHON",
            description = "Run the tests under this CPython instead (e.g. python3), for comparison.")
    String reference;

    @Option(names = "--module", paramLabel = "NAME", description = "Run only this module (repeatable).")
    List<String> modules;

    @Option(names = "--class", paramLabel = "NAME", description = "Run only this test class of the module(s) (repeatable).")
    List<String> classes;

    @Option(names = "--fast", description = "The CI subset, checked against conformance/baseline-fast.txt.")
    boolean fast;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Fail (exit 1) when a module passes fewer tests than FILE records ('module passed' lines).")
    Path baseline;

    @Option(names = "--test-timeout", paramLabel = "SECONDS",
            description = "Time limit of one test, or of a class's fixtures; a test past it is reported as hung and"
                    + " the run goes on with the next test (default: ${DEFAULT-VALUE}).")
    long testTimeout = 300;

    @Option(names = "--class-timeout", paramLabel = "SECONDS",
            description = "Time limit of one test class, all its tests together; the tests that ended count, the"
                    + " rest of the class is reported as not run (default: ${DEFAULT-VALUE}).")
    long classTimeout = 1800;

    @Option(names = "--testsuite", paramLabel = "DIR",
            description = "CPython's test package folder (default: " + "/usr/lib/python3.11/test" + ").")
    Path testsuite = DEFAULT_TESTSUITE;

    @Option(names = "--skips", paramLabel = "FILE", description = "The skip list (default: conformance/skips.txt).")
    Path skips;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        if (!sockets.equals("pysock") && !sockets.equals("graalpy")) {
            err.println("pysock conformance: --sockets must be pysock or graalpy");
            return 2;
        }
        Path home = home();
        Path driver = home.resolve("conformance/driver.py");
        Path skipFile = skips != null ? skips : home.resolve("conformance/skips.txt");
        if (fast && baseline == null) {
            baseline = home.resolve("conformance/baseline-fast.txt");
        }
        String missing = ensureTestsuite();
        if (missing != null) {
            err.println("pysock conformance: " + missing);
            return 2;
        }
        Isolation isolation = Isolation.probe();
        if (reference != null && !isolation.namespace()) {
            err.println("pysock conformance: --reference needs unshare -n (a private network namespace) so that no lookup leaves the machine, and it failed here");
            return 2;
        }
        String label = reference != null ? "reference" : sockets;
        List<String> interpreter = isolation.wrap(reference != null ? List.of(reference) : pysockCommand());
        List<String> run = modules != null ? modules : fast ? Suites.FAST : Suites.ALL;
        Path logs = home.resolve("target/conformance/" + label);
        Files.createDirectories(logs);
        out.println("# " + (reference != null ? "under " + reference : "on " + sockets + "'s sockets") + ", tests of "
                + testsuite + " (CPython 3.11), in " + isolation.describe() + ", " + testTimeout + " s a test, " + classTimeout + " s a class");
        ModuleRunner runner = new ModuleRunner(interpreter, driver, testsuite, skipFile, testTimeout, classTimeout);
        Baseline base = baseline != null ? Baseline.read(baseline) : null;
        int width = run.stream().mapToInt(String::length).max().orElse(10);
        Counts total = new Counts();
        List<String> below = new ArrayList<>();
        for (String module : run) {
            Counts c;
            try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(logs.resolve(module + ".log"), StandardCharsets.UTF_8))) {
                c = runner.run(module, classes, log);
            }
            out.println(c.row(module, width));
            total.add(c);
            if (base != null && base.passed(module) >= 0 && c.passed() < base.passed(module)) {
                below.add(module + " passed " + c.passed() + " < baseline " + base.passed(module));
            }
        }
        out.println(total.row("total", width));
        out.println("# details: " + home.relativize(logs) + "/<module>.log");
        if (!below.isEmpty()) {
            below.forEach(b -> out.println("BELOW BASELINE: " + b));
            return 1;
        }
        return 0;
    }

    /** The command that runs a script on pysock in a JVM like this one (same java, flags and class path). */
    private List<String> pysockCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-XX:AOTCacheOutput")) {
                cmd.add(a);
            }
        }
        cmd.add("-Djdk.net.hosts.file=/etc/hosts");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Pysock.class.getName());
        cmd.add("run");
        cmd.add("--no-daemon");
        cmd.add("--sockets=" + sockets);
        return cmd;
    }

    /** Null when CPython's test package is there (installing it with apt-get if it can), else what is missing. */
    private String ensureTestsuite() throws InterruptedException {
        if (Files.isRegularFile(testsuite.resolve("test_socket.py")) && Files.isDirectory(testsuite.resolve("support"))) {
            return null;
        }
        if (testsuite.equals(DEFAULT_TESTSUITE)) {
            System.err.println("pysock conformance: installing libpython3.11-testsuite (apt-get)...");
            try {
                Process p = new ProcessBuilder("sh", "-c",
                        "(apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libpython3.11-testsuite")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                p.waitFor(10, TimeUnit.MINUTES);
                p.destroyForcibly();
            } catch (IOException e) {
                // reported below as missing
            }
            if (Files.isRegularFile(testsuite.resolve("test_socket.py")) && Files.isDirectory(testsuite.resolve("support"))) {
                return null;
            }
        }
        return "CPython's test suite is missing (" + testsuite + "/test_socket.py and support/): install Debian's libpython3.11-testsuite";
    }

    /** The checkout: conformance/ is beside launcher/ (this class is in launcher/target/classes or its jar). */
    static Path home() {
        String prop = System.getProperty("pysock.home");
        if (prop != null) {
            return Path.of(prop);
        }
        try {
            Path p = Path.of(ConformanceCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path d = p; d != null; d = d.getParent()) {
                if (Files.isRegularFile(d.resolve("conformance/driver.py"))) {
                    return d;
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
