package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * pysock's unicodedata.ucd_3_2_0 (ICU4J's data, pylib/pysock/_unicodedata.py) against CPython's
 * own table, code point by code point, over the Basic Multilingual Plane and the CJK
 * compatibility ideographs supplement. What stringprep and the idna codec rest on must be the
 * same: which code points 3.2 assigned, decompositions, combining classes, and NFKC except
 * CPython's five normalization corrections. Category, bidirectional class and mirroring carry
 * today's values where Unicode changed them after 3.2 (README, "Using libraries"); their number
 * is bounded here so a change of data shows.
 */
class UnicodeData32Test {
    static final String[] RANGES = {"0000-FFFF", "2F800-2FA1F"};
    static final List<String> CORRECTIONS = List.of("2F868", "2F874", "2F91F", "2F95F", "2F9BF");

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void sameAsCPythonWhereStringprepLooks() throws Exception {
        Assumptions.assumeTrue(Scripts.hasPython3(), "python3 is not on PATH");
        String script = Scripts.ROOT.resolve("runtime/src/test/resources/py/ucd_3_2_0_dump.py").toString();
        List<String> cmd = new ArrayList<>(List.of("python3", script));
        cmd.addAll(List.of(RANGES));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String reference = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, reference);
        Scripts.Result mine = Scripts.run(RunOptions.script(script, RANGES));
        assertEquals(0, mine.status(), mine.err());

        String[] a = reference.split("\n");
        String[] b = mine.out().split("\n");
        assertEquals(a.length, b.length, "one line per code point on both");
        Map<String, List<String>> differ = new TreeMap<>();
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(b[i])) {
                continue;
            }
            String code = a[i].split(" ")[0];
            assertEquals(code, b[i].split(" ")[0]);
            if (a[i].endsWith(" Cn") || b[i].endsWith(" Cn")) {
                differ.computeIfAbsent("assigned", k -> new ArrayList<>()).add(a[i] + " / " + b[i]);
                continue;
            }
            String[] x = (a[i].split("\\|", 2)[0] + " ").split(" ", 6);
            String[] y = (b[i].split("\\|", 2)[0] + " ").split(" ", 6);
            String[] field = {"code", "category", "bidirectional", "combining", "mirrored", "decomposition"};
            for (int f = 1; f < field.length; f++) {
                if (!x[f].trim().equals(y[f].trim())) {
                    differ.computeIfAbsent(field[f], k -> new ArrayList<>()).add(code);
                }
            }
            if (!a[i].split("\\|", 2)[1].equals(b[i].split("\\|", 2)[1])) {
                differ.computeIfAbsent("NFKC", k -> new ArrayList<>()).add(code);
            }
        }
        assertEquals(null, differ.get("assigned"), "code points assigned in 3.2");
        assertEquals(null, differ.get("decomposition"), "decompositions");
        assertEquals(null, differ.get("combining"), "combining classes");
        assertEquals(CORRECTIONS, differ.getOrDefault("NFKC", List.of()), "NFKC: only CPython's corrections");
        // Measured with CPython 3.11 (Unicode 14 behind its 3.2 view) and ICU4J 77.1: 184, 330, 16.
        assertTrue(differ.getOrDefault("category", List.of()).size() <= 200, "category: " + differ.get("category"));
        assertTrue(differ.getOrDefault("bidirectional", List.of()).size() <= 350, "bidi: " + differ.get("bidirectional"));
        assertTrue(differ.getOrDefault("mirrored", List.of()).size() <= 25, "mirrored: " + differ.get("mirrored"));
    }
}
