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
        if (exact != null && regex != null) {
            throw f.error(stream, "give " + stream + " or " + stream + "-matches, not both");
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
