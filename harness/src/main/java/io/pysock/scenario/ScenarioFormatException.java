package io.pysock.scenario;

import java.nio.file.Path;

/**
 * A scenario file that cannot be used, with the file and what is wrong in it.
 *
 * <pre>{@code
 * try { Scenario.load(path); } catch (ScenarioFormatException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class ScenarioFormatException extends Exception {
    public ScenarioFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
