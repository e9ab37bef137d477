package io.pysock.cli;

import java.util.concurrent.Callable;

import io.pysock.python.PythonEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pysock}: Python network scripts, unchanged, on Java sockets. */
@Command(name = "pysock",
        mixinStandardHelpOptions = true,
        versionProvider = Pysock.Version.class,
        subcommands = {RunCommand.class, TestCommand.class, TranslateCommand.class, ConformanceCommand.class, CommandLine.HelpCommand.class},
        description = {
            "Runs Python socket scripts (Python 3, or Python 2 translated on the fly) on GraalPy,",
            "with Python's socket module backed by java.nio channels.",
            "",
            "Examples:",
            "  pysock run examples/tutorial/server.py",
            "  pysock run -c \"import socket; print(socket.gethostname())\"",
            "  pysock run --trace examples/tutorial/client.py",
            "  pysock test examples/tutorial",
            "  pysock translate examples/tutorial/server.py"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the script (or command) ended normally",
            "1:the script raised an uncaught exception (a Python traceback is printed)",
            "2:bad command-line usage",
            "70:an internal pysock error",
            "N:the status the script passed to sys.exit()"})
public final class Pysock implements Callable<Integer> {
    static final int INTERNAL_ERROR = 70;

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status (tests call this; only main exits). */
    public static int execute(String... args) {
        return execute(Invocation.process(), args);
    }

    /** Runs the command line in {@code inv}'s streams, directory and environment (the daemon's way in). */
    public static int execute(Invocation inv, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == RunCommand.class) {
                    return cls.cast(new RunCommand(inv));
                }
                if (cls == TestCommand.class) {
                    return cls.cast(new TestCommand(inv));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        };
        CommandLine cl = new CommandLine(new Pysock(), factory);
        if (!inv.ownProcess()) {
            cl.setOut(new java.io.PrintWriter(inv.out(), true));
            cl.setErr(new java.io.PrintWriter(inv.err(), true));
        }
        // Everything after the script (or after -c CODE) is the script's, options included.
        cl.getSubcommands().get("run").setStopAtPositional(true);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("pysock: internal error: " + ex);
            if (System.getenv("PYSOCK_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return INTERNAL_ERROR;
        });
        return cl.execute(args);
    }

    /** --version: what a bug report needs first. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            var v = PythonEngine.versions();
            try (PythonEngine engine = PythonEngine.create()) {
                return new String[] {
                    "pysock " + v.getProperty("pysock.version", "?"),
                    "GraalPy " + v.getProperty("graalpy.version", "?") + " (Python " + engine.pythonVersion() + ")",
                    "JDK " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ", "
                            + System.getProperty("java.home") + ")",
                    "JIT: " + (engine.jitEnabled() ? "on (" + engine.implementationName() + ")"
                            : "off (interpreted; ./pysock run starts faster so, PYSOCK_JIT=1 ./pysock turns the Graal JIT on)")};
            }
        }
    }
}
