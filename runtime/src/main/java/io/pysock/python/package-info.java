/**
 * The GraalPy side: {@link io.pysock.python.PythonEngine} makes contexts with pysock's Python
 * library ({@link io.pysock.python.Pylib}) installed in place of GraalPy's sockets, runs scripts in
 * them (Python 3, or Python 2 through the translator, {@link io.pysock.python.HostTranslator}),
 * and keeps each run's signals its own ({@link io.pysock.python.RunSignals}). A context can be
 * booted ahead of its run ({@link io.pysock.python.PreparedContext}) for a JVM that serves many.
 */
package io.pysock.python;
