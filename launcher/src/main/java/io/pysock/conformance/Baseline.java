package io.pysock.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The recorded passing counts CI holds a run to: one {@code module passed} a line, {@code #} comments. */
public final class Baseline {
    private final Map<String, Integer> passed;

    private Baseline(Map<String, Integer> passed) {
        this.passed = passed;
    }

    public static Baseline read(Path file) throws IOException {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+");
            m.put(f[0], Integer.parseInt(f[1]));
        }
        return new Baseline(m);
    }

    /** The recorded count for {@code module}, or -1 when none is recorded. */
    public int passed(String module) {
        return passed.getOrDefault(module, -1);
    }
}
