package io.pysock.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Readable differences between expected and actual output, line by line. */
final class Diff {
    private static final int MAX_LINES = 40;

    private Diff() {
    }

    /** Lines only expected start with "-", lines only printed with "+", shared ones with " ". */
    static String unified(String expected, String actual) {
        List<String> a = lines(expected);
        List<String> b = lines(actual);
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.add("  " + show(a.get(i++)));
                j++;
            } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.add("+ " + show(b.get(j++)));
            } else {
                out.add("- " + show(a.get(i++)));
            }
        }
        return header() + limit(out);
    }

    /** Each pattern line against the output line at the same place; the first mismatch is marked. */
    static String againstPattern(String regex, String actual) {
        List<String> p = lines(regex);
        List<String> b = lines(actual);
        List<String> out = new ArrayList<>();
        boolean marked = false;
        for (int i = 0; i < Math.max(p.size(), b.size()); i++) {
            String pl = i < p.size() ? p.get(i) : null;
            String bl = i < b.size() ? b.get(i) : null;
            boolean ok = pl != null && bl != null && lineMatches(pl, bl);
            if (ok) {
                out.add("  " + show(bl));
            } else {
                if (pl != null) {
                    out.add("- /" + show(pl) + "/" + (marked ? "" : "   <- first difference"));
                }
                if (bl != null) {
                    out.add("+ " + show(bl));
                }
                marked = true;
            }
        }
        if (!marked) {
            out.add("(every line matches on its own; the pattern as a whole does not)");
        }
        return header() + limit(out);
    }

    private static boolean lineMatches(String regexLine, String line) {
        try {
            return Pattern.compile(regexLine).matcher(line).matches();
        } catch (PatternSyntaxException e) {
            return false; // a pattern spanning lines: compared as a whole only
        }
    }

    private static String header() {
        return "--- expected\n+++ printed\n";
    }

    private static String limit(List<String> out) {
        if (out.size() > MAX_LINES) {
            int more = out.size() - MAX_LINES;
            out = new ArrayList<>(out.subList(0, MAX_LINES));
            out.add("... " + more + " more lines");
        }
        return String.join("\n", out);
    }

    /** Lines without their "\n"; a missing final newline shows as its own marker line. */
    static List<String> lines(String s) {
        List<String> l = new ArrayList<>(List.of(s.split("\n", -1)));
        if (!l.isEmpty() && l.get(l.size() - 1).isEmpty()) {
            l.remove(l.size() - 1);
        } else if (!s.isEmpty()) {
            l.add("\\ no newline at end");
        }
        return l;
    }

    private static String show(String line) {
        return line.replace("\r", "\\r").replace("\t", "\\t");
    }
}
