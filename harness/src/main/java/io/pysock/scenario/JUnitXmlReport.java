package io.pysock.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes scenario results as a JUnit XML report ({@code TEST-pysock-scenarios.xml}, the
 * Ant/Surefire form CI servers read): one test case per scenario, its failures as the failure
 * text, each process's output as system-out.
 *
 * <pre>{@code
 * JUnitXmlReport.write(Path.of("target/scenario-reports"), results);
 * }</pre>
 */
public final class JUnitXmlReport {
    private JUnitXmlReport() {
    }

    public static Path write(Path dir, List<ScenarioResult> results) throws IOException {
        Files.createDirectories(dir);
        long failures = results.stream().filter(r -> !r.passed()).count();
        double total = results.stream().mapToLong(r -> r.time().toMillis()).sum() / 1000.0;
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format(Locale.ROOT, "<testsuite name=\"pysock scenarios\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\">%n",
                results.size(), failures, total));
        for (ScenarioResult r : results) {
            Path file = r.scenario().file();
            String classname = file.getParent() == null ? "scenarios" : file.getParent().toString().replace('/', '.');
            x.append(String.format(Locale.ROOT, "  <testcase classname=\"%s\" name=\"%s\" file=\"%s\" time=\"%.3f\">%n",
                    esc(classname), esc(r.scenario().name()), esc(file.toString()), r.time().toMillis() / 1000.0));
            if (!r.passed()) {
                x.append("    <failure message=\"").append(esc(r.failures().get(0).lines().findFirst().orElse("failed")))
                        .append("\">").append(esc(r.report())).append("</failure>\n");
            }
            StringBuilder out = new StringBuilder();
            for (ProcessResult p : r.processes()) {
                out.append("== ").append(p.name()).append(" (").append(p.stopped() ? "stopped" : "exit " + p.status())
                        .append(")\n").append(p.stdout());
                if (!p.stderr().isEmpty()) {
                    out.append("-- stderr\n").append(p.stderr());
                }
            }
            x.append("    <system-out>").append(esc(out.toString())).append("</system-out>\n");
            x.append("  </testcase>\n");
        }
        x.append("</testsuite>\n");
        Path f = dir.resolve("TEST-pysock-scenarios.xml");
        Files.writeString(f, x, StandardCharsets.UTF_8);
        return f;
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        b.append("\\u").append(String.format("%04x", (int) c)); // not allowed in XML 1.0
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
