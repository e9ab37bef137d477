package io.pysock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.pysock.daemon.DaemonClient;

/**
 * The exit codes a caller scripts against, from real processes: 130 after Ctrl-C (SIGINT) and 70
 * when pysock itself fails; {@code pysock test --reference python3}; and the JUnit XML of
 * {@code pysock test}, read as XML rather than searched as text.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ExitCodesAndReportsTest {
    private static final Path TUTORIAL = Path.of("..", "examples", "tutorial").toAbsolutePath().normalize();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream oldOut;

    @BeforeEach
    void capture() {
        System.setProperty("picocli.ansi", "false");
        oldOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
    }

    private static List<String> java(Class<?> main, String... args) {
        // env resets SIGINT: a JVM started with it ignored (a background job) would keep ignoring it.
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT,TERM,HUP",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            b.append((char) c);
        }
        return b.toString();
    }

    @Test
    void ctrlCDuringARunExits130WithAKeyboardInterruptTraceback(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder(java(Pysock.class, "run", "-c",
                "import socket, time\ns = socket.socket()\nprint('ready', flush=True)\ntime.sleep(120)"))
                .directory(dir.toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        try {
            assertEquals("ready", readLine(p.getInputStream()), () -> read(dir.resolve("err.txt")));
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running a minute after SIGINT");
            assertEquals(130, p.exitValue(), read(dir.resolve("err.txt")));
            assertTrue(read(dir.resolve("err.txt")).contains("KeyboardInterrupt"), read(dir.resolve("err.txt")));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void anEngineThatCannotStartExits70(@TempDir Path dir) throws Exception {
        // The resident engine's start command fails at once: pysock's own failure, not the script's.
        Path start = dir.resolve("start.cmd");
        Files.writeString(start, "/bin/false");
        Process p = new ProcessBuilder(java(DaemonClient.class, dir.resolve("d.sock").toString(), start.toString(),
                "--", "run", "-c", "print('never')")).directory(dir.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the client did not give up");
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(70, p.exitValue(), text);
        assertTrue(text.contains("could not start the resident engine"), text);
        assertTrue(!text.contains("never"), text);
    }

    @Test
    void referenceRunUnderPython3FromTheCommandLine(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("python3", "--version").start().waitFor() == 0, "python3 is not installed");
        Path reports = dir.resolve("reports");
        Path tutorial = TUTORIAL.resolve("tutorial-py3.scenario.yaml");
        assertEquals(0, Pysock.execute("test", "--reference", "python3", "--junit-xml", reports.toString(), tutorial.toString()),
                () -> out.toString(StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("1 passed, 0 failed"), o);
        assertEquals("0", suite(reports).getAttribute("failures"), o);

        // Not vacuous: a script that prints which Python runs it must differ under the reference.
        Path other = dir.resolve("which");
        Files.createDirectories(other);
        Files.writeString(other.resolve("which.scenario.yaml"), String.join("\n",
                "processes:",
                "  - name: client",
                "    code: \"import sys; print(sys.implementation.name)\"", ""));
        out.reset();
        assertEquals(1, Pysock.execute("test", "--reference", "python3", other.toString()));
        o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("cpython"), o);
        assertTrue(o.contains("0 passed, 1 failed"), o);
    }

    @Test
    void junitXmlIsWellFormedWithOneCasePerScenario(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.scenario.yaml"), String.join("\n",
                "processes:",
                "  - {name: server, script: " + TUTORIAL.resolve("server3.py") + ", server: true}",
                "  - name: client",
                "    script: " + TUTORIAL.resolve("client3.py"),
                "    stdout: \"欢迎访问菜鸟教程！\\n\"", ""));
        Files.writeString(dir.resolve("bad.scenario.yaml"), String.join("\n",
                "name: expects the wrong greeting",
                "processes:",
                "  - {name: server, script: " + TUTORIAL.resolve("server3.py") + ", server: true}",
                "  - name: client",
                "    script: " + TUTORIAL.resolve("client3.py"),
                "    stdout: \"hello\\n\"", ""));
        Path reports = dir.resolve("reports");
        assertEquals(1, Pysock.execute("test", "--junit-xml", reports.toString(), dir.toString()));
        Element suite = suite(reports);
        assertEquals("2", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("0", suite.getAttribute("skipped").isEmpty() ? "0" : suite.getAttribute("skipped"));
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(2, cases.getLength());
        int failed = 0;
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            NodeList failures = c.getElementsByTagName("failure");
            if (failures.getLength() > 0) {
                failed++;
                assertEquals("client: stdout differs", ((Element) failures.item(0)).getAttribute("message"));
                assertTrue(failures.item(0).getTextContent().contains("hello"), failures.item(0).getTextContent());
            }
        }
        assertEquals(1, failed);
    }

    private static Element suite(Path reports) throws Exception {
        Path xml = reports.resolve("TEST-pysock-scenarios.xml");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element root = doc.getDocumentElement();
        assertEquals("testsuite", root.getTagName(), Files.readString(xml));
        return root;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
