package io.pysock.embed;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.pysock.net.NetworkPolicy;
import io.pysock.python.RunOptions;

/**
 * What to run: a script file, a module ({@code -m}) or a code string ({@code -c}), with its
 * arguments, working directory, environment, standard streams, Python 2/3 mode, network policy
 * and trace switch. Immutable: each {@code with}-style method returns a new script. What a script
 * leaves unset comes from the {@link PysockRunner}'s defaults.
 *
 * <pre>{@code
 * Script s = Script.file(Path.of("examples/tutorial/client.py"))
 *         .args("--verbose")
 *         .workingDirectory(Path.of("/tmp"))
 *         .env("LANG", "C.UTF-8")
 *         .stdin("quit\n")
 *         .python2()
 *         .trace(true);
 * }</pre>
 *
 * <p>Standard input is empty unless given (the host's {@code System.in} is never read); stdout
 * and stderr are captured into the {@link RunResult} unless sent to a stream of your own.
 */
public final class Script {
    private RunOptions.Kind kind;
    private String target;
    private List<String> args = List.of();
    private Path workingDirectory;
    private Map<String, String> environment = Map.of();
    private boolean inheritEnvironment = true;
    private InputStream stdin;
    private byte[] stdinBytes;
    private OutputStream stdout;
    private OutputStream stderr;
    private RunOptions.PythonMode mode;
    private Boolean trace;
    private NetworkPolicy network;
    private List<Path> path = List.of();
    private Path venv;

    private Script(RunOptions.Kind kind, String target) {
        this.kind = kind;
        this.target = target;
    }

    private Script copy() {
        Script s = new Script(kind, target);
        s.args = args;
        s.workingDirectory = workingDirectory;
        s.environment = environment;
        s.inheritEnvironment = inheritEnvironment;
        s.stdin = stdin;
        s.stdinBytes = stdinBytes;
        s.stdout = stdout;
        s.stderr = stderr;
        s.mode = mode;
        s.trace = trace;
        s.network = network;
        s.path = path;
        s.venv = venv;
        return s;
    }

    /** A script file, like {@code python3 FILE}; a relative path is taken from the JVM's working directory. */
    public static Script file(Path path) {
        return new Script(RunOptions.Kind.SCRIPT, path.toAbsolutePath().normalize().toString());
    }

    /** A module run as {@code __main__}, like {@code python3 -m NAME} (found on sys.path and in the working directory). */
    public static Script module(String name) {
        return new Script(RunOptions.Kind.MODULE, Objects.requireNonNull(name));
    }

    /** A code string, like {@code python3 -c CODE}. */
    public static Script code(String code) {
        return new Script(RunOptions.Kind.CODE, Objects.requireNonNull(code));
    }

    /** {@code sys.argv[1:]}. */
    public Script args(String... a) {
        return args(List.of(a));
    }

    /** {@code sys.argv[1:]}. */
    public Script args(List<String> a) {
        Script s = copy();
        s.args = List.copyOf(a);
        return s;
    }

    /** The script's current directory ({@code os.getcwd()}, relative {@code open()}). */
    public Script workingDirectory(Path dir) {
        Script s = copy();
        s.workingDirectory = dir.toAbsolutePath().normalize();
        return s;
    }

    /** Adds or replaces environment variables ({@code os.environ}); the JVM's own are inherited unless {@link #clearEnvironment()}. */
    public Script environment(Map<String, String> vars) {
        Script s = copy();
        Map<String, String> m = new LinkedHashMap<>(environment);
        m.putAll(vars);
        s.environment = Map.copyOf(m);
        return s;
    }

    /** One environment variable. */
    public Script env(String name, String value) {
        return environment(Map.of(name, value));
    }

    /** Starts from an empty environment instead of the JVM's (then only {@link #environment} variables exist). */
    public Script clearEnvironment() {
        Script s = copy();
        s.inheritEnvironment = false;
        return s;
    }

    /** Standard input from a stream (read by one run: a script reused needs a new stream). */
    public Script stdin(InputStream in) {
        Script s = copy();
        s.stdin = in;
        s.stdinBytes = null;
        return s;
    }

    /** Standard input with this text (UTF-8), the same for every run of this script. */
    public Script stdin(String text) {
        Script s = copy();
        s.stdin = null;
        s.stdinBytes = text.getBytes(StandardCharsets.UTF_8);
        return s;
    }

    /** Sends stdout to {@code out} instead of capturing it. */
    public Script stdout(OutputStream out) {
        Script s = copy();
        s.stdout = out;
        return s;
    }

    /** Sends stderr (tracebacks, and the trace when on) to {@code err} instead of capturing it. */
    public Script stderr(OutputStream err) {
        Script s = copy();
        s.stderr = err;
        return s;
    }

    /** Sends stdout and stderr to the JVM's {@code System.out}/{@code System.err}. */
    public Script inheritIO() {
        return stdout(System.out).stderr(System.err);
    }

    /** How the language level is chosen: detect (default), or force Python 2 or 3. */
    public Script pythonMode(RunOptions.PythonMode m) {
        Script s = copy();
        s.mode = m;
        return s;
    }

    /** Treats the script as Python 2 (translated when it loads, Python 2 text semantics on sockets). */
    public Script python2() {
        return pythonMode(RunOptions.PythonMode.PY2);
    }

    /** Treats the script as Python 3 (no detection). */
    public Script python3() {
        return pythonMode(RunOptions.PythonMode.PY3);
    }

    /** Logs this script's socket calls, one line each, to its stderr (as {@code pysock run --trace}). */
    public Script trace(boolean on) {
        Script s = copy();
        s.trace = on;
        return s;
    }

    /** What this script's sockets may bind, connect and send to. */
    public Script network(NetworkPolicy policy) {
        Script s = copy();
        s.network = policy;
        return s;
    }

    /**
     * Adds library folders (or .zip/.jar files of Python modules) to {@code sys.path}, ahead of
     * the runner's and of {@code PYTHONPATH}, as {@code pysock run --path} does.
     */
    public Script path(Path... dirs) {
        Script s = copy();
        java.util.List<Path> all = new java.util.ArrayList<>(path);
        for (Path d : dirs) {
            all.add(d.toAbsolutePath().normalize());
        }
        s.path = List.copyOf(all);
        return s;
    }

    /**
     * Gives the script a virtual environment's site-packages ({@code .pth} files processed as
     * {@code site} does), as {@code pysock run --venv}; without it, {@code VIRTUAL_ENV} of the
     * script's environment is used, if set.
     *
     * @throws IllegalArgumentException {@code dir} has no {@code lib/python3.*}{@code /site-packages}
     */
    public Script venv(Path dir) {
        Path v = dir.toAbsolutePath().normalize();
        if (!io.pysock.python.Venvs.isVenv(v)) {
            throw new IllegalArgumentException(dir + " is not a virtual environment (no lib/python3.*/site-packages in it)");
        }
        Script s = copy();
        s.venv = v;
        return s;
    }

    // ------------------------------------------------------------ read by the runner

    List<Path> pathOver(List<Path> dflt) {
        java.util.List<Path> all = new java.util.ArrayList<>(path);
        all.addAll(dflt);
        return all;
    }

    Path venvOr(Path dflt) {
        return venv != null ? venv : dflt;
    }

    RunOptions.Kind kind() {
        return kind;
    }

    String target() {
        return target;
    }

    List<String> arguments() {
        return args;
    }

    Path workingDirectoryOr(Path dflt) {
        return workingDirectory != null ? workingDirectory : dflt;
    }

    Map<String, String> environmentOver(Map<String, String> dflt) {
        Map<String, String> m = new LinkedHashMap<>(dflt);
        m.putAll(environment);
        return m;
    }

    boolean inheritsEnvironment() {
        return inheritEnvironment;
    }

    InputStream stdinStream() {
        if (stdinBytes != null) {
            return new ByteArrayInputStream(stdinBytes);
        }
        return stdin != null ? stdin : InputStream.nullInputStream();
    }

    OutputStream stdoutStream() {
        return stdout;
    }

    OutputStream stderrStream() {
        return stderr;
    }

    RunOptions.PythonMode modeOr(RunOptions.PythonMode dflt) {
        return mode != null ? mode : dflt;
    }

    boolean traceOr(boolean dflt) {
        return trace != null ? trace : dflt;
    }

    NetworkPolicy networkOr(NetworkPolicy dflt) {
        return network != null ? network : dflt;
    }

    /** A short name for threads and messages: the file name, {@code -m module} or {@code -c}. */
    String label() {
        return switch (kind) {
            case SCRIPT -> Path.of(target).getFileName().toString();
            case MODULE -> "-m " + target;
            case CODE -> "-c";
        };
    }

    @Override
    public String toString() {
        return "Script[" + label() + (args.isEmpty() ? "" : " " + String.join(" ", args)) + "]";
    }
}
