package io.pysock.scenario;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a process must print on one stream: exact text, a regular expression the whole output must
 * match (for ports, addresses, times), or anything.
 *
 * <pre>{@code
 * Expectation e = Expectation.matching("connected from \\('127\\.0\\.0\\.1', \\d+\\)\n");
 * String diff = e.mismatch(output); // null if it matches
 * }</pre>
 */
public sealed interface Expectation {
    /** A readable explanation of the difference, or null if {@code actual} is what is expected. */
    String mismatch(String actual);

    /** Any output is fine. */
    record Anything() implements Expectation {
        @Override
        public String mismatch(String actual) {
            return null;
        }
    }

    record Exact(String text) implements Expectation {
        @Override
        public String mismatch(String actual) {
            return text.equals(actual) ? null : Diff.unified(text, actual);
        }
    }

    record Matching(Pattern pattern) implements Expectation {
        @Override
        public String mismatch(String actual) {
            return pattern.matcher(actual).matches() ? null : Diff.againstPattern(pattern.pattern(), actual);
        }
    }

    static Expectation exactly(String text) {
        return new Exact(text);
    }

    static Expectation matching(String regex) {
        return new Matching(Pattern.compile(regex));
    }

    static Expectation parse(Scenario.Fields f, String stream) throws ScenarioFormatException {
        String exact = f.string(stream, null);
        String regex = f.string(stream + "-matches", null);
        String fromFile = f.string(stream + "-file", null);
        if ((exact != null ? 1 : 0) + (regex != null ? 1 : 0) + (fromFile != null ? 1 : 0) > 1) {
            throw f.error(stream, "give one of " + stream + ", " + stream + "-matches and " + stream + "-file");
        }
        if (fromFile != null) {
            // The exact bytes a reference interpreter printed, kept in a file of their own (the
            // Python 2 corpus: examples/py2corpus/expected). Decoded as the runner decodes a
            // process's output (UTF-8, a bad byte becoming U+FFFD), so the same bytes compare equal.
            java.nio.file.Path path = f.dir().resolve(fromFile);
            try {
                return new Exact(new String(java.nio.file.Files.readAllBytes(path), java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw f.error(stream + "-file", "cannot read " + fromFile + ": " + e);
            }
        }
        if (exact != null) {
            return new Exact(exact);
        }
        if (regex != null) {
            try {
                return new Matching(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw f.error(stream + "-matches", "not a valid regular expression: " + e.getDescription());
            }
        }
        return new Anything();
    }
}
