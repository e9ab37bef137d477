package io.pysock.conformance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps every name lookup of a conformance run on this machine. Where {@code unshare -n} works
 * (root, or user namespaces), each child runs in a private network namespace with only its own
 * loopback up, so nothing, DNS included, can leave. Java children are also told to resolve from
 * /etc/hosts only ({@code jdk.net.hosts.file}), which is what keeps pysock and GraalPy runs local
 * where no namespace can be had; a CPython reference run then does not start.
 */
public final class Isolation {
    private static final String UP_LO_THEN_EXEC = "ip link set lo up && exec \"$0\" \"$@\"";
    private final boolean namespace;

    private Isolation(boolean namespace) {
        this.namespace = namespace;
    }

    /** Tries {@code unshare -n} once. */
    public static Isolation probe() {
        try {
            Process p = new ProcessBuilder("unshare", "-n", "sh", "-c", UP_LO_THEN_EXEC, "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            p.destroyForcibly();
            return new Isolation(ok);
        } catch (IOException e) {
            return new Isolation(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Isolation(false);
        }
    }

    public boolean namespace() {
        return namespace;
    }

    /** {@code command} run in the private namespace when there is one, else as it is. */
    public List<String> wrap(List<String> command) {
        if (!namespace) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("unshare", "-n", "sh", "-c", UP_LO_THEN_EXEC));
        out.addAll(command);
        return out;
    }

    public String describe() {
        return namespace ? "a private network namespace (unshare -n), loopback only"
                : "no network namespace (unshare -n failed): Java lookups from /etc/hosts only";
    }
}
