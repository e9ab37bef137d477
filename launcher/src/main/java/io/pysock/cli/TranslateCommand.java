package io.pysock.cli;

import java.util.concurrent.Callable;

import io.pysock.python.PythonEngine;
import io.pysock.python.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code pysock translate FILE}: the Python 3 form pysock runs for a Python 2 script;
 * {@code --check}: the lines whose Python 2 behaviour pysock cannot keep (pysock.py2.check).
 */
@Command(name = "translate",
        mixinStandardHelpOptions = true,
        description = {"Prints the Python 3 source that pysock runs for a Python 2 script (unchanged if it is Python 3).",
            "Line numbers are kept, so tracebacks point at the original lines.",
            "With --check, prints instead FILE:LINE: what behaves differently from Python 2 on pysock, and why;",
            "exit status 0 when nothing is found, 1 when something is, 2 when the file cannot be read or translated."})
final class TranslateCommand implements Callable<Integer> {
    // The same translation path and cache as `pysock run` (pysock._bootstrap), so what is printed
    // is what runs.
    private static final String CODE = String.join("\n",
            "import sys",
            "from pysock import _bootstrap",
            "sys.stdout.write(_bootstrap.translated_source(sys.argv[1]))");

    private static final String CHECK = String.join("\n",
            "import sys",
            "from pysock import _bootstrap",
            "from pysock.py2 import check",
            "sys.exit(check.main(sys.argv[1], cache_dir=_bootstrap.translation_cache))");

    @Parameters(paramLabel = "FILE", description = "A Python 2 (or 3) script.")
    String file;

    @picocli.CommandLine.Option(names = "--check",
            description = "Report, per line, the Python 2 constructs pysock cannot make behave as Python 2 did.")
    boolean check;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!new java.io.File(file).isFile()) {
            spec.commandLine().getErr().println("pysock: can't open file '" + file + "': No such file or directory");
            return 2;
        }
        try (PythonEngine engine = PythonEngine.create()) {
            return engine.run(RunOptions.code(check ? CHECK : CODE, file).withMode(RunOptions.PythonMode.PY3));
        }
    }
}
