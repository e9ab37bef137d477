package io.pysock.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.pysock.net.NetworkPolicy;
import io.pysock.net.NetworkRules;
import io.pysock.python.RunOptions;

/**
 * One process of a {@link Scenario}: what to run, whether it is a server, what it must print and
 * how it must end.
 *
 * <pre>{@code
 * ProcessSpec client = scenario.processes().get(1);
 * client.stdout().mismatch("hello\n"); // null when the output is what the scenario expects
 * }</pre>
 *
 * @param network the process's network policy ({@code net: all|loopback|none} and
 *                {@code net-allow: [HOST:PORT, ...]} as {@code pysock run --net/--net-allow}); null: all
 * @param exit the exit status the process must end with; {@code null} for a server that must
 *             still be running when the clients are done (it is then stopped)
 */
public record ProcessSpec(String name, RunOptions.Kind kind, String target, List<String> args, String stdin,
        RunOptions.PythonMode mode, boolean server, Integer exit, Expectation stdout, Expectation stderr,
        List<String> path, NetworkPolicy network) {

    private static final Set<String> KEYS = Set.of("name", "script", "module", "code", "args", "stdin", "python",
            "server", "exit", "stdout", "stdout-matches", "stdout-file", "stderr", "stderr-matches", "stderr-file",
            "path", "net", "net-allow");

    public ProcessSpec {
        args = List.copyOf(args);
        path = path == null ? List.of() : List.copyOf(path);
    }

    /**
     * The library folders ({@code path:}, relative to the scenario's folder) as absolute paths:
     * pysock gets them as {@code --path}, python3 as {@code PYTHONPATH}.
     */
    public List<String> libraryPath(Path dir) {
        return path.stream().map(p -> dir.resolve(p).toAbsolutePath().normalize().toString()).toList();
    }

    /** The options to run it with pysock; script paths are resolved against the scenario's folder. */
    public RunOptions runOptions(Path dir) {
        RunOptions o = switch (kind) {
            case SCRIPT -> RunOptions.script(dir.resolve(target).toString());
            case MODULE -> RunOptions.module(target);
            case CODE -> RunOptions.code(target);
        };
        return o.withArgs(args).withMode(mode).withPath(libraryPath(dir)).withNetwork(network);
    }

    static ProcessSpec parse(Path file, int index, Object node) throws ScenarioFormatException {
        Scenario.Fields f = Scenario.Fields.of(file, "processes[" + index + "]", node, KEYS);
        RunOptions.Kind kind = null;
        String target = null;
        for (String k : List.of("script", "module", "code")) {
            if (f.has(k)) {
                if (kind != null) {
                    throw f.error(k, "give only one of script, module and code");
                }
                kind = RunOptions.Kind.valueOf(k.toUpperCase(java.util.Locale.ROOT));
                target = f.string(k, null);
            }
        }
        if (kind == null) {
            throw f.error("script", "each process needs script, module or code");
        }
        if (kind == RunOptions.Kind.SCRIPT && !java.nio.file.Files.isRegularFile(file.toAbsolutePath().getParent().resolve(target))) {
            throw f.error("script", "no such file: " + target);
        }
        String name = f.string("name", kind == RunOptions.Kind.SCRIPT ? Path.of(target).getFileName().toString() : "process" + index);
        List<String> args = new ArrayList<>();
        for (Object a : f.list("args")) {
            args.add(String.valueOf(a));
        }
        String python = f.string("python", "auto");
        RunOptions.PythonMode mode = switch (python) {
            case "2" -> RunOptions.PythonMode.PY2;
            case "3" -> RunOptions.PythonMode.PY3;
            case "auto" -> RunOptions.PythonMode.AUTO;
            default -> throw f.error("python", "expected 2, 3 or auto, not \"" + python + "\"");
        };
        boolean server = f.bool("server", false);
        Integer exit;
        Object rawExit = f.raw("exit");
        if (rawExit == null) {
            exit = server ? null : 0;
        } else if ("stopped".equals(rawExit)) {
            exit = null;
        } else if (rawExit instanceof Integer i) {
            exit = i;
        } else {
            throw f.error("exit", "expected a status number or \"stopped\"");
        }
        if (exit == null && !server) {
            throw f.error("exit", "only a server can be \"stopped\"");
        }
        List<String> path = new ArrayList<>();
        for (Object a : f.list("path")) {
            path.add(String.valueOf(a));
        }
        return new ProcessSpec(name, kind, target, args, f.string("stdin", ""), mode, server, exit,
                Expectation.parse(f, "stdout"), Expectation.parse(f, "stderr"), path, network(f));
    }

    /** {@code net:} and {@code net-allow:} (a list, or one comma-separated text), as the command line's. */
    private static NetworkPolicy network(Scenario.Fields f) throws ScenarioFormatException {
        String net = f.string("net", null);
        List<String> allow = new ArrayList<>();
        if (f.raw("net-allow") instanceof List<?>) {
            for (Object a : f.list("net-allow")) {
                allow.add(String.valueOf(a));
            }
        } else if (f.has("net-allow")) {
            allow.add(f.string("net-allow", ""));
        }
        if (net == null && allow.isEmpty()) {
            return null;
        }
        try {
            return NetworkRules.parse(net, String.join(",", allow));
        } catch (IllegalArgumentException e) {
            throw f.error(net != null && e.getMessage().startsWith("--net ") ? "net" : "net-allow", e.getMessage());
        }
    }
}
