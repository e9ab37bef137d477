package io.pysock.embed;

import java.time.Duration;

/**
 * How a script run ended: its exit status (0, or the {@code sys.exit} code) and what it wrote to
 * stdout and stderr (captured as UTF-8 text unless the {@link Script} sent a stream elsewhere,
 * which then reads empty here). A run that ends in an uncaught exception throws
 * {@link PythonException} instead, which carries this result too.
 *
 * <pre>{@code
 * RunResult r = runner.run(Script.code("print('hi'); raise SystemExit(3)"));
 * assert r.exitStatus() == 3 && r.stdout().equals("hi\n");
 * }</pre>
 */
public record RunResult(int exitStatus, String stdout, String stderr, Duration duration) {
    /** Whether the script ended with status 0. */
    public boolean ok() {
        return exitStatus == 0;
    }
}
