package io.pysock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command line: exit codes, --version, usage errors, translate. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PysockCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        System.setProperty("picocli.ansi", "false");
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionNamesEverythingAndTheJit() {
        assertEquals(0, Pysock.execute("--version"));
        String v = out();
        assertTrue(v.contains("pysock "), v);
        assertTrue(v.contains("GraalPy 25.0.3 (Python 3.12"), v);
        assertTrue(v.contains("JDK "), v);
        // Surefire runs with the Graal JIT flags, as ./pysock does.
        assertTrue(v.contains("JIT: on"), v);
    }

    @Test
    void libraryOptionsAreDocumentedAndCheckedBeforeTheRun() {
        assertEquals(0, Pysock.execute("run", "--help"));
        assertTrue(out().contains("--path=DIR") && out().contains("--venv=DIR") && out().contains("PYTHONPATH"), out());
        assertEquals(2, Pysock.execute("run", "--path", "/no/such/folder", "-c", "pass"));
        assertTrue(err().contains("pysock run: --path /no/such/folder: no such folder or file"), err());
        assertEquals(2, Pysock.execute("run", "--venv", "/tmp", "-c", "pass"));
        assertTrue(err().contains("pysock run: --venv /tmp: not a virtual environment"), err());
    }

    @Test
    void netOptionsSetTheRunsPolicyAndRefusalsAreTraced() {
        assertEquals(2, Pysock.execute("run", "--net", "some", "-c", "pass"));
        assertTrue(err().contains("pysock run: --net must be all, loopback or none, not 'some'"), err());
        assertEquals(2, Pysock.execute("run", "--net-allow", "1.2.3.4:x", "-c", "pass"));
        assertTrue(err().contains("pysock run: --net-allow 1.2.3.4:x: port must be 0-65535 or *"), err());
        assertEquals(2, Pysock.execute("run", "--net", "none", "--sockets", "graalpy", "-c", "pass"));
        assertTrue(err().contains("--net and --net-allow need --sockets pysock"), err());
        // port 9 on loopback: harmless if the policy were not applied
        String code = "import socket\nfor a in [('127.0.0.1', 9), ('127.0.0.2', 9)]:\n    s = socket.socket()\n"
                + "    try:\n        s.connect(a)\n    except OSError as e:\n        print(type(e).__name__, e)\n    s.close()\n";
        assertEquals(0, Pysock.execute("run", "--net", "loopback", "--net-allow", "10.0.0.0/8", "--trace", "-c", code));
        assertEquals("ConnectionRefusedError [Errno 111] Connection refused\n"
                + "ConnectionRefusedError [Errno 111] Connection refused\n", out(), "loopback is allowed");
        out.reset();
        err.reset();
        assertEquals(0, Pysock.execute("run", "--net-allow", "127.0.0.2:9", "--trace", "-c", code));
        String refusal = "Permission denied (pysock: network policy refuses connect to 127.0.0.1:9; policy: --net none"
                + " --net-allow 127.0.0.2:9)";
        assertEquals("PermissionError [Errno 13] " + refusal + "\nConnectionRefusedError [Errno 111] Connection refused\n", out());
        assertTrue(err().contains("] fd=1000 connect 127.0.0.1:9 -> error errno=13 (" + refusal + ")"), err());
    }

    @Test
    void exitStatusAndArgvFromTheScript() {
        assertEquals(3, Pysock.execute("run", "-c", "import sys; print(sys.argv); sys.exit(3)", "x", "--y"));
        assertEquals("['-c', 'x', '--y']\n", out());
    }

    @Test
    void uncaughtExceptionExitsOneWithAPythonTraceback() {
        assertEquals(1, Pysock.execute("run", "-c", "1/0"));
        assertTrue(err().contains("ZeroDivisionError: division by zero"), err());
        assertTrue(!err().contains("at io.pysock") && !err().contains("org.graalvm"), err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, Pysock.execute("run"));
        assertEquals(2, Pysock.execute("run", "no/such/script.py"));
        assertTrue(err().contains("can't open file 'no/such/script.py'"), err());
        assertEquals(2, Pysock.execute("run", "--sockets=bogus", "-c", "pass"));
        assertEquals(2, Pysock.execute("run", "--no-such-option"));
    }

    @Test
    void translatePrintsThePython3Form() {
        assertEquals(0, Pysock.execute("translate", "../examples/tutorial/server.py"));
        String t = out();
        // A Python 2 str literal holds its UTF-8 bytes, one character per byte (pysock.py2.runtime).
        assertTrue(t.contains("    print('\\xe8\\xbf\\x9e\\xe6\\x8e\\xa5\\xe5\\x9c\\xb0\\xe5\\x9d\\x80\\xef\\xbc\\x9a', addr)\n"), t);
        assertTrue(t.contains("    c.send('\\xe6\\xac\\xa2\\xe8\\xbf\\x8e\\xe8\\xae\\xbf\\xe9\\x97\\xae\\xe8\\x8f\\x9c\\xe9\\xb8\\x9f\\xe6\\x95\\x99\\xe7\\xa8\\x8b\\xef\\xbc\\x81')"), t);
    }

    @Test
    void translateCheckReportsLinesThatWillNotBehaveAsPython2(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path script = dir.resolve("old.py");
        java.nio.file.Files.writeString(script, String.join("\n",
                "import time",
                "d = {'b': 1, 'a': 2}",
                "print d.keys(), 7 / 2",
                "print time.clock(), cmp(1, 2)", ""));
        assertEquals(1, Pysock.execute("translate", "--check", script.toString()));
        String report = out();
        assertTrue(report.contains(script + ":3: .keys(): Python 2 listed a dict in its hash order"), report);
        assertTrue(report.contains(script + ":4: time.clock: Python 3 has no time.clock"), report);
        assertTrue(report.contains(script + ":4: cmp(): not a built-in on Python 3"), report);
        assertTrue(report.contains("2 line(s) to look at"), report);
        out.reset();
        assertEquals(0, Pysock.execute("translate", "--check", "../examples/py2corpus/hash_hex.py"));
        assertTrue(out().contains("nothing found that behaves differently"), out());
    }

    @Test
    void testCommandReportsAFailureWithDiffSummaryAndJUnitXml(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path tutorial = java.nio.file.Path.of("..", "examples", "tutorial").toAbsolutePath().normalize();
        java.nio.file.Files.writeString(dir.resolve("good.scenario.yaml"), String.join("\n",
                "processes:",
                "  - {name: server, script: " + tutorial.resolve("server3.py") + ", server: true}",
                "  - name: client",
                "    script: " + tutorial.resolve("client3.py"),
                "    stdout: \"欢迎访问菜鸟教程！\\n\"", ""));
        java.nio.file.Files.writeString(dir.resolve("bad.scenario.yaml"), String.join("\n",
                "name: expects the wrong greeting",
                "processes:",
                "  - {name: server, script: " + tutorial.resolve("server3.py") + ", server: true}",
                "  - name: client",
                "    script: " + tutorial.resolve("client3.py"),
                "    stdout: \"hello\\n\"", ""));
        java.nio.file.Path reports = dir.resolve("reports");
        assertEquals(1, Pysock.execute("test", "--junit-xml", reports.toString(), dir.toString()));
        String o = out();
        assertTrue(o.contains("PASS  " + dir.resolve("good.scenario.yaml")), o);
        assertTrue(o.contains("FAIL  " + dir.resolve("bad.scenario.yaml") + "  expects the wrong greeting"), o);
        assertTrue(o.contains("- hello") && o.contains("+ 欢迎访问菜鸟教程！"), o);
        assertTrue(o.strip().endsWith("1 passed, 1 failed"), o);
        String xml = java.nio.file.Files.readString(reports.resolve("TEST-pysock-scenarios.xml"));
        assertTrue(xml.contains("tests=\"2\" failures=\"1\""), xml);
        assertTrue(xml.contains("<failure message=\"client: stdout differs\">"), xml);
    }

    @Test
    void testCommandWithoutScenariosIsAUsageError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertEquals(2, Pysock.execute("test", dir.toString()));
        assertTrue(err().contains("no *.scenario.yaml file"), err());
        assertEquals(2, Pysock.execute("test", dir.resolve("missing").toString()));
        assertTrue(err().contains("no such file or folder"), err());
    }
}
