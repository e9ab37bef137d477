/**
 * The resident engine: one background JVM per user and build that keeps a warm GraalPy engine and
 * contexts booted ahead ({@link io.pysock.daemon.WarmEngine}), and serves each {@code pysock run}
 * or {@code pysock test} client ({@link io.pysock.daemon.DaemonClient}) over a Unix socket as one
 * {@link io.pysock.daemon.Session}, with the client's argv, cwd, environment, streams and signals.
 */
package io.pysock.daemon;
