package io.pysock.scenario;

import java.time.Duration;

/**
 * How one process of a scenario ended and what it printed.
 *
 * <pre>{@code
 * ProcessResult client = result.process("client");
 * assertEquals("hello\n", client.stdout());
 * }</pre>
 *
 * @param status the exit status, or null if the harness stopped it (a server after its clients,
 *               or anything still running at the time limit)
 */
public record ProcessResult(String name, Integer status, String stdout, String stderr, Duration time) {
    public boolean stopped() {
        return status == null;
    }
}
