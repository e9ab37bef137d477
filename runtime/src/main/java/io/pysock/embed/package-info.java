/**
 * The embedding API for Java programs: {@link io.pysock.embed.PysockRunner} runs or loads
 * {@link io.pysock.embed.Script}s with a working directory, environment, network policy and
 * endpoints (sockets and addresses lent to the script, {@link io.pysock.embed.Endpoints}); results
 * come back as {@link io.pysock.embed.RunResult}, failures as {@link io.pysock.embed.PythonException}.
 */
package io.pysock.embed;
