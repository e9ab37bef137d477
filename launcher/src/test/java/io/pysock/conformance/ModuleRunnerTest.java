package io.pysock.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver and its runner on a small made-up `test` package, under CPython `python3` (the
 * driver runs unchanged there): unittest's counts per class, the skip list, a test that hangs
 * being reported while the tests around it still count, and a class stopped by its own limit.
 */
class ModuleRunnerTest {
    @TempDir
    Path dir;

    private static boolean python3() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "pass").start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ModuleRunner runner(String skips) throws IOException {
        return runner(skips, 5, 60);
    }

    private ModuleRunner runner(String skips, long testLimit, long classLimit) throws IOException {
        Path test = Files.createDirectories(dir.resolve("test"));
        Files.writeString(test.resolve("__init__.py"), "");
        Files.createDirectories(test.resolve("support"));
        Files.writeString(test.resolve("support/__init__.py"), "use_resources = None\n");
        Files.writeString(test.resolve("test_fake.py"), String.join("\n",
                "import time, unittest",
                "class A(unittest.TestCase):",
                "    def test_pass(self): pass",
                "    def test_fail(self): self.fail('no')",
                "    def test_error(self): raise OSError('boom')",
                "    @unittest.skip('not here')",
                "    def test_skip(self): pass",
                "    def test_listed(self): self.fail('must have been skipped by the list')",
                "class B(unittest.TestCase):",
                "    def test_1_before(self): pass",
                "    def test_2_hang(self): time.sleep(600)",
                "    def test_3_after(self): self.fail('after the hang')",
                "class C(unittest.TestCase):",
                "    def test_pass(self): pass",
                "    @unittest.expectedFailure",
                "    def test_xpass(self): pass",
                "class D(unittest.TestCase):",
                "    def test_1(self): time.sleep(1.5)",
                "    def test_2(self): time.sleep(1.5)",
                "    def test_3(self): time.sleep(1.5)",
                "    def test_4(self): time.sleep(1.5)",
                "    def test_5(self): time.sleep(1.5)",
                ""));
        Path skipFile = dir.resolve("skips.txt");
        Files.writeString(skipFile, skips);
        Path driver = Path.of("..", "conformance", "driver.py").toAbsolutePath().normalize();
        return new ModuleRunner(List.of("python3"), driver, test, skipFile, testLimit, classLimit);
    }

    @Test
    void countsComeFromUnittestAndAHungTestIsPassedOver() throws Exception {
        assumeTrue(python3(), "python3 is not installed");
        ModuleRunner r = runner("# comment\ntest.test_fake.A.test_listed  listed in the test\n");
        StringWriter log = new StringWriter();
        Counts c = r.run("test_fake", List.of("A", "B", "C"), new PrintWriter(log));
        assertNull(c.moduleError(), log.toString());
        assertEquals(List.of("B.test_2_hang"), c.hung(), log.toString());
        // A: 5 run (pass, fail, error, skip, listed skip); B: the test before the hang and the
        // one after it, in a new process; C: 2 run (pass, unexpected success)
        assertEquals(9, c.run(), log.toString());
        assertEquals(3, c.passed());
        assertEquals(3, c.failed()); // test_fail, B's test after the hang and the unexpected success
        assertEquals(1, c.errors());
        assertEquals(2, c.skipped());
        assertEquals("test_fake  run 9  3 passed  3 failed  1 errors  2 skipped  1 hung: B.test_2_hang",
                c.row("test_fake", 9));
    }

    @Test
    void aClassPastItsLimitCountsTheTestsThatEnded() throws Exception {
        assumeTrue(python3(), "python3 is not installed");
        // five tests of 1.5 s in a class allowed 5 s: three end (two on a loaded machine); the process start is not the class's
        ModuleRunner r = runner("", 30, 5);
        StringWriter log = new StringWriter();
        Counts c = r.run("test_fake", List.of("D"), new PrintWriter(log));
        assertNull(c.moduleError(), log.toString());
        assertEquals(1, c.hung().size(), log.toString());
        assertEquals(true, c.hung().get(0).matches("D \\(class time limit: [23] of 5 tests ran\\)"), c.hung().toString());
        assertEquals(true, c.run() == 2 || c.run() == 3, log.toString());
        assertEquals(c.run(), c.passed());
    }

    /** Runs the made-up module's hanging class in a JVM of its own, for the test below. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            ModuleRunnerTest t = new ModuleRunnerTest();
            t.dir = Path.of(args[0]);
            try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(t.dir.resolve("child.log")))) {
                t.runner("", 600, 600).run("test_fake", List.of("B"), log);
            }
        }
    }

    @Test
    void aRunnerEndedBySigtermTakesItsTestProcessWithIt() throws Exception {
        assumeTrue(python3(), "python3 is not installed");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process runner = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                dir.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        try {
            Path log = dir.resolve("child.log");
            // Until the test process is in test_2_hang's sleep, where it writes nothing: a process
            // that writes after its runner died ends by itself on the broken pipe. Up to 60 s.
            for (int i = 0; i < 600 && !(Files.exists(log) && Files.readString(log).contains("TEST test.test_fake.B.test_2_hang")); i++) {
                Thread.sleep(100);
            }
            ProcessHandle test = runner.descendants().filter(h -> h.info().commandLine().orElse("").contains("driver.py"))
                    .findFirst().orElse(null);
            assertEquals(true, test != null, "the runner never started its test process");
            runner.destroy(); // SIGTERM, as a kill or a closed terminal sends
            assertEquals(true, runner.waitFor(30, TimeUnit.SECONDS), "the runner did not end");
            assertEquals(true, test.onExit().completeOnTimeout(test, 10, TimeUnit.SECONDS).get() != null
                    && !test.isAlive(), "the test process outlived its runner");
        } finally {
            runner.descendants().forEach(ProcessHandle::destroyForcibly);
            runner.destroyForcibly();
        }
    }

    @Test
    void aModuleThatDoesNotImportIsOneRow() throws Exception {
        assumeTrue(python3(), "python3 is not installed");
        ModuleRunner r = runner("");
        Counts c = r.run("test_missing", null, new PrintWriter(new StringWriter()));
        assertEquals(0, c.run());
        assertEquals(true, c.moduleError().startsWith("ModuleNotFoundError"), c.moduleError());
    }
}
