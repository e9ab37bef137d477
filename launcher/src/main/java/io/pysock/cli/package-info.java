/**
 * The {@code pysock} command line (picocli): {@code run}, {@code test}, {@code translate},
 * {@code daemon}. A command runs in this JVM or, through {@link io.pysock.cli.ScriptHost}, in the
 * resident engine of {@link io.pysock.daemon}.
 */
package io.pysock.cli;
