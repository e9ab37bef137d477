package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every standard-library module imports on pysock, or is in docs/stdlib-modules.md with the
 * exception it raises and why. The list is read from that page, so the page and the test cannot
 * drift apart: a module that starts to import must leave the list too.
 */
class StdlibImportsTest {
    static final Path DOC = Scripts.ROOT.resolve("docs/stdlib-modules.md");
    private static final Pattern ROW = Pattern.compile("^\\| (`[^|]+`) \\| ([^|]+) \\|", Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("`([A-Za-z0-9_.]+)`");

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void everyModuleImportsOrIsListedWithItsReason() throws Exception {
        Map<String, String> listed = new TreeMap<>(); // module -> exception type, or "not imported"
        Matcher rows = ROW.matcher(Files.readString(DOC));
        while (rows.find()) {
            Matcher names = NAME.matcher(rows.group(1));
            while (names.find()) {
                listed.put(names.group(1), rows.group(2).trim());
            }
        }
        assertTrue(listed.size() > 50, "the exclusion tables of " + DOC + " were not found: " + listed);
        List<String> args = new ArrayList<>();
        listed.forEach((module, how) -> {
            if (how.equals("not imported")) {
                args.add(module);
            }
        });

        Scripts.Result r = Scripts.run(RunOptions.script(
                Scripts.ROOT.resolve("runtime/src/test/resources/py/stdlib_imports.py").toString(),
                args.toArray(new String[0])));
        assertEquals(0, r.status(), r.out() + r.err());

        List<String> problems = new ArrayList<>();
        Map<String, String> failed = new TreeMap<>();
        int imported = -1;
        for (String line : r.out().split("\n")) {
            String[] f = line.split("\t", 4);
            if (f[0].equals("IMPORTED")) {
                imported = Integer.parseInt(f[1]);
            } else if (f[0].equals("FAIL")) {
                failed.put(f[1], f[2]);
                String expected = listed.get(f[1]);
                if (expected == null) {
                    problems.add(f[1] + " does not import (" + f[2] + ": " + f[3] + ") and is not in " + DOC.getFileName());
                } else if (!expected.equals(f[2])) {
                    problems.add(f[1] + " fails with " + f[2] + " (" + f[3] + "), the list says " + expected);
                }
                if (f[2].equals("ImportError") && !f[1].startsWith("asyncio.windows") && !f[1].equals("multiprocessing.popen_forkserver")
                        && !f[3].contains("pysock")) {
                    problems.add(f[1] + ": its ImportError does not say why on pysock: " + f[3]);
                }
            }
        }
        listed.forEach((module, how) -> {
            if (!how.equals("not imported") && !failed.containsKey(module)) {
                problems.add(module + " is listed as failing with " + how + " but imported: remove it from the list");
            }
        });
        assertTrue(imported > 400, "only " + imported + " modules imported:\n" + r.out());
        assertEquals(List.of(), problems, "modules against " + DOC.getFileName());
    }
}
