package io.pysock.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where one {@code pysock} command runs: its streams, working directory and environment, and the
 * host that runs its scripts. A command started in its own JVM takes the process's; the resident
 * daemon makes one per client from what the client sent.
 */
public record Invocation(InputStream in, PrintStream out, PrintStream err, Path cwd, Map<String, String> env,
        boolean lineBuffered, ScriptHost host) {

    /** This process's own streams, directory and environment; scripts run on a fresh engine. */
    public static Invocation process() {
        return new Invocation(System.in, System.out, System.err, Path.of("").toAbsolutePath(), System.getenv(),
                false, ScriptHost.IN_PROCESS);
    }

    /** {@code path} as the command's caller meant it (relative to its working directory). */
    Path resolve(Path path) {
        return cwd.resolve(path);
    }

    /** True when this command runs in a process of its own (its streams are the process's). */
    boolean ownProcess() {
        return host == ScriptHost.IN_PROCESS;
    }
}
