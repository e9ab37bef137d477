package io.pysock.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.pysock.python.RunOptions;
import io.pysock.scenario.junit.PysockExtension;
import io.pysock.scenario.junit.Scenarios;

/**
 * The Python 2 corpus (examples/py2corpus): classic Python 2 network scripts whose expected
 * output is what CPython 2.7 printed. The whole corpus takes several minutes on 2 cores (each
 * new Python 2 script is translated on its first run), so the default suite runs a cross-section,
 * one script per idiom family; {@code -Dpysock.py2corpus=all} (or {@code pysock test
 * examples/py2corpus}) runs all of them.
 */
@ExtendWith(PysockExtension.class)
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class Py2CorpusTest {
    static final Path CORPUS = Path.of("..", "examples", "py2corpus");
    static final List<String> CROSS_SECTION = List.of(
            "hash_hex",            // hashlib/hmac on str, .encode('hex')
            "struct_proto",        // struct-packed protocol, %r of binary data
            "socketserver_stream", // StreamRequestHandler rfile/wfile with str
            "basehttp_post",       // BaseHTTPServer headers.getheader, httplib, urlencode
            "softspace_print",     // print's trailing comma
            "int_division",        // integer /
            "len_bytes",           // UTF-8 literals: len() counts bytes
            "asynchat_lines",      // asyncore/asynchat (gone from Python 3.12)
            "smtp_client",         // smtplib replies as str
            "echo");               // a server and a client in two processes

    @TestFactory
    Stream<DynamicTest> corpus(ScenarioRunner runner) throws Exception {
        List<Path> files = new ArrayList<>();
        if ("all".equals(System.getProperty("pysock.py2corpus"))) {
            files.add(CORPUS);
        } else {
            for (String name : CROSS_SECTION) {
                files.add(CORPUS.resolve(name + Scenario.SUFFIX));
            }
        }
        return Scenarios.under(runner, files.toArray(Path[]::new));
    }

    /** Every script has a scenario whose expected output file exists; at least 40 of them. */
    @Test
    void everyScriptHasAScenarioAndCPythonOutput() throws Exception {
        List<Path> scenarios = Scenario.discover(List.of(CORPUS));
        assertTrue(scenarios.size() >= 40, "scenarios: " + scenarios.size());
        int processes = 0;
        for (Path file : scenarios) {
            Scenario s = Scenario.load(file);  // reads stdout-file, so a missing file fails here
            for (ProcessSpec p : s.processes()) {
                assertEquals(RunOptions.PythonMode.PY2, p.mode(), file + ": runs as Python 2");
                assertTrue(p.stdout() instanceof Expectation.Exact, file + ": exact expected output");
                processes++;
            }
        }
        try (var py = Files.list(CORPUS)) {
            long scripts = py.filter(f -> f.toString().endsWith(".py") && !f.endsWith("regen.py")).count();
            assertEquals(scripts, processes, "one process per script");
        }
    }

    /**
     * The checked-in expected output is still what a real Python 2 prints: regen.py runs every
     * script on CPython 2.7 again and compares byte for byte. Needs Python 2 on the machine.
     */
    @Test
    void expectedOutputIsCPython27s() throws Exception {
        Process p = new ProcessBuilder("python3", "regen.py", "--require").directory(CORPUS.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "regen.py finished");
        Assumptions.assumeFalse(p.exitValue() == 3, "no Python 2 on this machine: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains(", 0 output(s) differ"), out);
    }
}
