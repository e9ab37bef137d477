package io.pysock.embed;

import io.pysock.python.PythonEngine;

/** One GraalPy engine for the embedding tests of this JVM (closed when the JVM ends). */
final class SharedEngine {
    private static PythonEngine engine;

    private SharedEngine() {
    }

    static synchronized PythonEngine get() {
        if (engine == null) {
            engine = PythonEngine.create();
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        }
        return engine;
    }

    /** A runner on the shared engine (closing it leaves the engine open). */
    static PysockRunner.Builder runner() {
        return PysockRunner.builder().engine(get());
    }
}
