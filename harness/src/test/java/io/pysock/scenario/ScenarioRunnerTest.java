package io.pysock.scenario;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pysock.net.SocketModule;

/** The scenario harness on real scenarios: the tutorial, a failure, a timeout, port isolation. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ScenarioRunnerTest {
    static final Path EXAMPLES = Path.of("..", "examples", "tutorial");
    static final Path SCENARIOS = Path.of("src", "test", "resources", "scenarios");
    static ScenarioRunner runner;

    @BeforeAll
    static void start() {
        runner = new ScenarioRunner();
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @Test
    void tutorialPython3() throws Exception {
        ScenarioResult r = runner.run(EXAMPLES.resolve("tutorial-py3.scenario.yaml"));
        r.assertPassed();
        assertTrue(r.process("server").stopped(), "the server loops forever: the harness stopped it");
        assertEquals("欢迎访问菜鸟教程！\n", r.process("client").stdout());
    }

    @Test
    void tutorialPython2() throws Exception {
        ScenarioResult r = runner.run(EXAMPLES.resolve("tutorial-py2.scenario.yaml"));
        r.assertPassed();
        assertEquals(2, r.process("server").stdout().lines().count(), "one line per client");
    }

    @Test
    void wrongOutputIsReportedWithADiff() throws Exception {
        ScenarioResult r = runner.run(Scenario.load(SCENARIOS.resolve("failing/wrong-greeting.scenario.yaml")));
        assertFalse(r.passed());
        String report = r.report();
        assertTrue(report.contains("client: stdout differs"), report);
        assertTrue(report.contains("- Welcome!"), report);
        assertTrue(report.contains("+ 欢迎访问菜鸟教程！"), report);
        assertFalse(r.timedOut());
    }

    @Test
    void timeoutIsReportedAndEverythingIsCleanedUp() throws Exception {
        long t0 = System.nanoTime();
        ScenarioResult r = runner.run(Scenario.load(SCENARIOS.resolve("timeout/hang.scenario.yaml")));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertTrue(r.timedOut());
        assertFalse(r.passed());
        assertTrue(r.report().startsWith("timed out after 30 s; still running then: server, client"), r.report());
        assertTrue(seconds < 90, "stopped soon after the limit, took " + seconds + " s");
        assertEquals("connected\n", r.process("client").stdout(), "output up to the stop is kept");
        assertTrue(r.process("client").stopped());
        assertTrue(SocketModule.listeningPorts().isEmpty(), "nothing listens any more: " + SocketModule.listeningPorts());
        assertEquals(0, Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("pysock-script")).count(), "no script thread left");
        assertFalse(r.report().contains("still open"), "the runs' sockets were closed: " + r.report());
    }

    @Test
    void twoScenariosOnPort12345RunSideBySide() throws Exception {
        Path file = SCENARIOS.resolve("fixedport/slow-pair.scenario.yaml");
        List<ScenarioResult> results = new ScenarioSuite(runner, 2, null).run(List.of(file, file), r -> { });
        for (ScenarioResult r : results) {
            r.assertPassed(); // each server saw port 12345; neither got EADDRINUSE
        }
        // Both took their client's 3 s; side by side, the pair took far less than twice that.
        assertTrue(results.get(0).time().toMillis() >= 3000);
    }

    @Test
    void twoScenariosOnPort12345OverlapAndEachClientReachesItsOwnServer() throws Exception {
        Path a = SCENARIOS.resolve("fixedport/own-server-a.scenario.yaml");
        Path b = SCENARIOS.resolve("fixedport/own-server-b.scenario.yaml");
        long t0 = System.nanoTime();
        List<ScenarioResult> results = new ScenarioSuite(runner, 2, null).run(List.of(a, b), r -> { });
        long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(2, results.size());
        for (ScenarioResult r : results) {
            r.assertPassed(); // its client printed its own server's letter
        }
        assertEquals("b'A'\n", results.stream().filter(r -> r.scenario().file().equals(a)).findFirst().orElseThrow()
                .process("client").stdout());
        assertEquals("b'B'\n", results.stream().filter(r -> r.scenario().file().equals(b)).findFirst().orElseThrow()
                .process("client").stdout());
        // Each server listened on 12345 from its start until its client came, 3 s later. Run one
        // after the other they would take the sum of their times; they took at least 1 s less,
        // so both listened on 12345 at the same time.
        long sum = results.get(0).time().toMillis() + results.get(1).time().toMillis();
        assertTrue(wallMillis < sum - 1000, "no overlap: " + wallMillis + " ms for the pair, " + sum + " ms summed");
    }

    @Test
    void withoutIsolationTheSamePairCollides() throws Exception {
        Scenario real = Scenario.load(SCENARIOS.resolve("real/slow-pair-real.scenario.yaml"));
        assertFalse(real.isolatePorts());
        CompletableFuture<ScenarioResult> a = CompletableFuture.supplyAsync(() -> runner.run(real));
        CompletableFuture<ScenarioResult> b = CompletableFuture.supplyAsync(() -> runner.run(real));
        ScenarioResult ra = a.get(5, TimeUnit.MINUTES);
        ScenarioResult rb = b.get(5, TimeUnit.MINUTES);
        assertTrue(ra.passed() != rb.passed(), "exactly one wins port 12345:\n" + ra.report() + "\n" + rb.report());
        String loser = ra.passed() ? rb.report() : ra.report();
        assertTrue(loser.contains("Address already in use"), loser);
    }

    @Test
    void scenarioProcessesTakeTheCommandLinesNetworkPolicy(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("net.scenario.yaml");
        String code = "import socket\ns = socket.socket()\ntry:\n    s.connect(('127.0.0.1', 9))\n"
                + "except OSError as e:\n    print(type(e).__name__, e)\n";
        Files.writeString(f, "processes:\n  - code: \"" + code.replace("\n", "\\n") + "\"\n    net: none\n"
                + "    stdout: \"PermissionError [Errno 13] Permission denied (pysock: network policy refuses connect to"
                + " 127.0.0.1:9; policy: --net none)\\n\"\n"
                + "  - code: \"" + code.replace("\n", "\\n") + "\"\n    net: none\n    net-allow: [127.0.0.1:9]\n"
                + "    stdout: \"ConnectionRefusedError [Errno 111] Connection refused\\n\"\n");
        ScenarioResult r = runner.run(Scenario.load(f));
        assertTrue(r.passed(), r.report());
        assertFalse(new CPythonReference("python3").appliesTo(Scenario.load(f)), "python3 has no network policy to compare");
        Files.writeString(f, "processes:\n  - code: pass\n    net: some\n");
        ScenarioFormatException e = assertThrows(ScenarioFormatException.class, () -> Scenario.load(f));
        assertTrue(e.getMessage().contains("processes[0].net: --net must be all, loopback or none, not 'some'"), e.getMessage());
        Files.writeString(f, "processes:\n  - code: pass\n    net-allow: 10.0.0.0/40\n");
        e = assertThrows(ScenarioFormatException.class, () -> Scenario.load(f));
        assertTrue(e.getMessage().contains("processes[0].net-allow: --net-allow 10.0.0.0/40: prefix length must be 0-32"),
                e.getMessage());
    }

    @Test
    void formatMistakesNameTheFileAndKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.scenario.yaml");
        Files.writeString(f, "processes:\n  - script: nowhere.py\n");
        ScenarioFormatException e = assertThrows(ScenarioFormatException.class, () -> Scenario.load(f));
        assertTrue(e.getMessage().contains("processes[0].script: no such file: nowhere.py"), e.getMessage());
        Files.writeString(f, "processes:\n  - code: pass\n    stdot: x\n");
        e = assertThrows(ScenarioFormatException.class, () -> Scenario.load(f));
        assertTrue(e.getMessage().contains("unknown key \"stdot\""), e.getMessage());
        Files.writeString(f, "processes:\n  - code: pass\n    exit: stopped\n");
        e = assertThrows(ScenarioFormatException.class, () -> Scenario.load(f));
        assertTrue(e.getMessage().contains("only a server can be \"stopped\""), e.getMessage());
    }

    @Test
    void referenceRunUnderCPythonFindsNoDifferenceForTheTutorial() throws Exception {
        CPythonReference ref = new CPythonReference("python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(ref.available(), "python3 is not installed");
        Scenario s = Scenario.load(EXAMPLES.resolve("tutorial-py3.scenario.yaml"));
        assertTrue(ref.appliesTo(s));
        assertFalse(ref.appliesTo(Scenario.load(EXAMPLES.resolve("tutorial-py2.scenario.yaml"))), "Python 2 is skipped");
        ScenarioResult mine = runner.run(s);
        ScenarioResult theirs = ref.run(s);
        assertEquals(List.of(), ref.differences(mine, theirs));
        assertEquals("欢迎访问菜鸟教程！\n", theirs.process("client").stdout());
    }

    @Test
    void referenceRunReportsADifference() throws Exception {
        CPythonReference ref = new CPythonReference("python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(ref.available(), "python3 is not installed");
        Scenario s = Scenario.load(EXAMPLES.resolve("tutorial-py3.scenario.yaml"));
        ScenarioResult theirs = ref.run(s);
        ProcessResult client = theirs.process("client");
        ScenarioResult altered = new ScenarioResult(s, theirs.time(), List.of(theirs.process("server"),
                new ProcessResult("client", 1, "", "Traceback (most recent call last):\nConnectionRefusedError: [Errno 111] Connection refused\n",
                        client.time())), List.of(), false);
        List<String> d = ref.differences(altered, theirs);
        assertEquals(3, d.size(), String.join("\n", d));
        assertTrue(d.get(0).contains("exit status 1 on pysock, 0 on python3"), d.get(0));
        assertTrue(d.get(1).contains("ConnectionRefusedError"), d.get(1));
        assertTrue(d.get(2).contains("stdout differs from python3"), d.get(2));
    }
}
