package io.pysock.cli;

import java.util.function.Function;

import io.pysock.python.PythonEngine;
import io.pysock.python.RunOptions;

/** Runs the scripts of a command: on an engine made for this process, or on the daemon's warm one. */
public interface ScriptHost {
    /** Runs one script to its end in the invocation's directory and environment; its exit status. */
    int run(RunOptions o, Invocation inv);

    /** Gives {@code work} an engine for several runs (pysock test). */
    <T> T withEngine(Function<PythonEngine, T> work);

    /** One engine per command, closed when it ends: the JVM is this command's alone. */
    ScriptHost IN_PROCESS = new ScriptHost() {
        @Override
        public int run(RunOptions o, Invocation inv) {
            try (PythonEngine engine = PythonEngine.create()) {
                return engine.run(o);
            }
        }

        @Override
        public <T> T withEngine(Function<PythonEngine, T> work) {
            try (PythonEngine engine = PythonEngine.create()) {
                return work.apply(engine);
            }
        }
    };
}
