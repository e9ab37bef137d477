package io.pysock.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.pysock.python.RunOptions;
import io.pysock.python.Venvs;
import picocli.CommandLine.Command;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pysock run}: like {@code python3 SCRIPT ARGS}, {@code -c CODE} or {@code -m MODULE}. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a Python script with pysock's Java-backed socket module.",
            "Python 2 scripts are detected and translated at load time (cached), and get Python 2",
            "text semantics on sockets: send() takes str, recv() gives str.",
            "Everything after SCRIPT (or after -c CODE / -m MODULE) is passed to the script as sys.argv[1:]."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the script ended normally",
            "1:uncaught exception (Python traceback on stderr)",
            "2:bad usage",
            "70:internal pysock error",
            "130:interrupted (Ctrl-C)",
            "N:the script's sys.exit(N)"})
final class RunCommand implements Callable<Integer> {

    static final class Target {
        @Option(names = "-c", paramLabel = "CODE", description = "Program passed in as a string.")
        String code;

        @Option(names = "-m", paramLabel = "MODULE", description = "Run a library module as a script.")
        String module;
    }

    static final class Mode {
        @Option(names = "--py2", description = "Treat the script as Python 2 (default: detect).")
        boolean py2;

        @Option(names = "--py3", description = "Treat the script as Python 3 (default: detect).")
        boolean py3;
    }

    @ArgGroup(exclusive = true)
    Target target;

    @ArgGroup(exclusive = true)
    Mode mode;

    @Option(names = "--sockets", paramLabel = "LAYER", defaultValue = "pysock",
            description = "Socket layer: pysock (java.nio, default) or graalpy (GraalPy's built-in, for comparison).")
    String sockets;

    @Option(names = "--trace", description = "Log every socket call (fd, operation, addresses, bytes, errors) to stderr.")
    boolean trace;

    @Option(names = "--no-daemon",
            description = "Run in a JVM of its own instead of the resident engine (as PYSOCK_DAEMON=0; see README).")
    boolean noDaemon;

    @Option(names = "--path", paramLabel = "DIR",
            description = "Add a folder (or a .zip/.jar of Python modules) to sys.path, ahead of PYTHONPATH;"
                    + " repeatable. PYTHONPATH is honoured as by python3.")
    List<String> path = new ArrayList<>();

    @Option(names = "--venv", paramLabel = "DIR",
            description = "Use the site-packages of this virtual environment (its .pth files are processed"
                    + " as site does). Default: $VIRTUAL_ENV when set. Pure-Python packages only.")
    String venv;

    @Option(names = "--allow-java", description = "Let the script use Java classes (import java). Off by default.")
    boolean allowJava;

    @Option(names = "--net", paramLabel = "all|loopback|none",
            description = "Network policy: all (default, as python3), loopback (127.0.0.0/8 and ::1; no AF_UNIX path)"
                    + " or none. Under loopback and none, names are answered from /etc/hosts only. A refused bind,"
                    + " connect, sendto or lookup raises PermissionError naming the policy.")
    String net;

    @Option(names = "--net-allow", paramLabel = "HOST[:PORT],...",
            description = "Also allow these: addresses, CIDR ranges (10.0.0.0/8:443), host names (looked up),"
                    + " AF_UNIX paths (/run/app.sock, or a folder ending in /). Repeatable. Without --net: none plus this list.")
    List<String> netAllow = new ArrayList<>();

    @Parameters(paramLabel = "SCRIPT [ARGS]", description = "The script and its arguments.")
    List<String> rest = new ArrayList<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final Invocation inv;

    RunCommand(Invocation inv) {
        this.inv = inv;
    }

    @Override
    public Integer call() {
        RunOptions o;
        List<String> args = new ArrayList<>(rest);
        if (target != null && target.code != null) {
            o = RunOptions.code(target.code);
        } else if (target != null && target.module != null) {
            o = RunOptions.module(target.module);
        } else if (!args.isEmpty()) {
            String script = args.remove(0);
            if (!inv.resolve(java.nio.file.Path.of(script)).toFile().isFile()) {
                spec.commandLine().getErr().println("pysock: can't open file '" + script + "': No such file or directory");
                return 2;
            }
            o = RunOptions.script(script);
        } else {
            spec.commandLine().getErr().println("pysock run: give a SCRIPT, -c CODE or -m MODULE (see pysock run --help)");
            return 2;
        }
        RunOptions.Sockets layer;
        switch (sockets) {
            case "pysock" -> layer = RunOptions.Sockets.PYSOCK;
            case "graalpy" -> layer = RunOptions.Sockets.GRAALPY;
            default -> {
                spec.commandLine().getErr().println("pysock run: --sockets must be pysock or graalpy, not '" + sockets + "'");
                return 2;
            }
        }
        RunOptions.PythonMode m = mode == null ? RunOptions.PythonMode.AUTO
                : mode.py2 ? RunOptions.PythonMode.PY2 : RunOptions.PythonMode.PY3;
        List<String> libs = new ArrayList<>();
        for (String dir : path) {
            java.nio.file.Path p = inv.resolve(java.nio.file.Path.of(dir));
            if (!java.nio.file.Files.exists(p)) {
                spec.commandLine().getErr().println("pysock run: --path " + dir + ": no such folder or file");
                return 2;
            }
            libs.add(p.toString());
        }
        String env = null;
        if (venv != null) {
            java.nio.file.Path v = inv.resolve(java.nio.file.Path.of(venv));
            if (!Venvs.isVenv(v)) {
                spec.commandLine().getErr().println("pysock run: --venv " + venv
                        + ": not a virtual environment (no lib/python3.*/site-packages in it)");
                return 2;
            }
            env = v.toString();
        }
        io.pysock.net.NetworkPolicy policy;
        try {
            policy = netAllow.isEmpty() && net == null ? null
                    : io.pysock.net.NetworkRules.parse(net, netAllow.isEmpty() ? null : String.join(",", netAllow));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("pysock run: " + e.getMessage());
            return 2;
        }
        if (policy != null && policy != io.pysock.net.NetworkPolicy.ALLOW_ALL && layer == RunOptions.Sockets.GRAALPY) {
            spec.commandLine().getErr().println("pysock run: --net and --net-allow need --sockets pysock"
                    + " (GraalPy's own sockets are not checked)");
            return 2;
        }
        o = o.withNetwork(policy);
        o = o.withArgs(args).withMode(m).withSockets(layer).withTrace(trace).withJavaAccess(allowJava)
                .withPath(libs).withVenv(env);
        if (!inv.ownProcess()) {
            o = o.withStreams(inv.in(), inv.out(), inv.err());
        }
        return inv.host().run(o, inv);
    }
}
