package io.pysock.scenario;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * One test scenario for ported scripts, read from a {@code *.scenario.yaml} file beside them: the
 * processes to run (servers first, then clients), what each must print and how it must end, and
 * a time limit.
 *
 * <pre>{@code
 * name: tutorial pair, Python 2
 * timeout: 120            # seconds for the whole scenario
 * ports: isolated         # (default) fixed ports are mapped to free ones; "real" opts out
 * processes:
 *   - name: server
 *     script: server.py   # or module: pkg.mod, or code: "print(1)"; paths relative to this file
 *     server: true        # clients start once it listens (or binds its UDP socket)
 *     python: 2           # 2, 3 or auto (default)
 *   - name: client
 *     script: client.py
 *     args: [--verbose]
 *     net: loopback       # network policy, as pysock run --net (all, loopback, none; default all)
 *     net-allow: [127.0.0.1:8080, /run/app.sock]   # as --net-allow
 *     stdin: ""
 *     exit: 0             # default 0; for servers "stopped" (default: stopped after the clients)
 *     stdout: |           # exact text; or stdout-matches: a regular expression for the whole output,
 *       hello             # or stdout-file: a file holding the exact text (stderr likewise)
 * }</pre>
 *
 * @param name      shown in reports (default: the file name)
 * @param file      the scenario file
 * @param timeout   for the whole scenario; then everything still running is stopped
 * @param isolatePorts map fixed ports to free ones (see {@link io.pysock.net.PortMap})
 * @param parallel  may run beside other scenarios (default true)
 * @param processes servers and clients, in start order
 */
public record Scenario(String name, Path file, Duration timeout, boolean isolatePorts, boolean parallel,
        List<ProcessSpec> processes) {

    /** The file name suffix {@link #discover} looks for. */
    public static final String SUFFIX = ".scenario.yaml";

    private static final Set<String> SCENARIO_KEYS = Set.of("name", "timeout", "ports", "parallel", "processes");

    public Scenario {
        processes = List.copyOf(processes);
    }

    /** The folder the scenario's relative paths start from. */
    public Path dir() {
        return file.toAbsolutePath().getParent();
    }

    public List<ProcessSpec> servers() {
        return processes.stream().filter(ProcessSpec::server).toList();
    }

    public List<ProcessSpec> clients() {
        return processes.stream().filter(p -> !p.server()).toList();
    }

    /** Reads and checks a scenario file; every mistake is reported with the file and the key. */
    public static Scenario load(Path file) throws ScenarioFormatException {
        Object root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException e) {
            throw new ScenarioFormatException(file, "cannot read: " + e.getMessage());
        } catch (YAMLException e) {
            throw new ScenarioFormatException(file, "not valid YAML: " + e.getMessage());
        }
        Fields top = Fields.of(file, "scenario", root, SCENARIO_KEYS);
        String name = top.string("name", defaultName(file));
        Duration timeout = Duration.ofMillis((long) (top.number("timeout", 120) * 1000));
        if (timeout.isZero() || timeout.isNegative()) {
            throw new ScenarioFormatException(file, "timeout must be a positive number of seconds");
        }
        String ports = top.string("ports", "isolated");
        if (!ports.equals("isolated") && !ports.equals("real")) {
            throw new ScenarioFormatException(file, "ports must be \"isolated\" or \"real\", not \"" + ports + "\"");
        }
        boolean parallel = top.bool("parallel", true);
        List<Object> list = top.list("processes");
        if (list.isEmpty()) {
            throw new ScenarioFormatException(file, "processes: at least one process is needed");
        }
        List<ProcessSpec> procs = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            ProcessSpec p = ProcessSpec.parse(file, i, list.get(i));
            if (!names.add(p.name())) {
                throw new ScenarioFormatException(file, "processes: two processes are named \"" + p.name() + "\"");
            }
            procs.add(p);
        }
        if (procs.stream().allMatch(ProcessSpec::server)) {
            throw new ScenarioFormatException(file, "processes: every process is a server; nothing would end them");
        }
        return new Scenario(name, file, timeout, ports.equals("isolated"), parallel, procs);
    }

    private static String defaultName(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(SUFFIX) ? n.substring(0, n.length() - SUFFIX.length()) : n;
    }

    /** Scenario files under the given files and folders (folders searched recursively), sorted. */
    public static List<Path> discover(List<Path> paths) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (var s = Files.walk(p)) {
                    s.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(f))
                            .sorted().forEach(found::add);
                }
            } else if (Files.isRegularFile(p)) {
                found.add(p);
            } else {
                throw new IOException("no such file or folder: " + p);
            }
        }
        return found;
    }

    /** A YAML mapping read with checks: unknown keys and wrong types are errors, not ignored. */
    static final class Fields {
        private final Path file;
        private final String where;
        private final Map<?, ?> map;

        private Fields(Path file, String where, Map<?, ?> map) {
            this.file = file;
            this.where = where;
            this.map = map;
        }

        static Fields of(Path file, String where, Object node, Set<String> allowed) throws ScenarioFormatException {
            if (!(node instanceof Map<?, ?> m)) {
                throw new ScenarioFormatException(file, where + ": expected a mapping of keys");
            }
            for (Object k : m.keySet()) {
                if (!allowed.contains(String.valueOf(k))) {
                    throw new ScenarioFormatException(file, where + ": unknown key \"" + k + "\" (known: "
                            + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
                }
            }
            return new Fields(file, where, m);
        }

        /** The folder of the scenario file, which relative paths in it start from. */
        Path dir() {
            return file.toAbsolutePath().getParent();
        }

        boolean has(String key) {
            return map.containsKey(key);
        }

        Object raw(String key) {
            return map.get(key);
        }

        String string(String key, String dflt) throws ScenarioFormatException {
            Object v = map.get(key);
            if (v == null) {
                return dflt;
            }
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                return String.valueOf(v);
            }
            throw error(key, "expected text");
        }

        double number(String key, double dflt) throws ScenarioFormatException {
            Object v = map.get(key);
            if (v == null) {
                return dflt;
            }
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            throw error(key, "expected a number");
        }

        boolean bool(String key, boolean dflt) throws ScenarioFormatException {
            Object v = map.get(key);
            if (v == null) {
                return dflt;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            throw error(key, "expected true or false");
        }

        @SuppressWarnings("unchecked")
        List<Object> list(String key) throws ScenarioFormatException {
            Object v = map.get(key);
            if (v == null) {
                return List.of();
            }
            if (v instanceof List<?> l) {
                return (List<Object>) l;
            }
            throw error(key, "expected a list");
        }

        ScenarioFormatException error(String key, String what) {
            return new ScenarioFormatException(file, where + "." + key + ": " + what);
        }
    }
}
