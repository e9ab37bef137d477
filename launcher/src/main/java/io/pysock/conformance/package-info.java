/**
 * {@code pysock conformance}: CPython's own test suites run on pysock, on GraalPy's sockets or
 * under a CPython, one child process per module, each test class under a time limit.
 * {@link io.pysock.conformance.ModuleRunner} drives {@code conformance/driver.py} and reads
 * unittest's counts from it; {@link io.pysock.conformance.Suites} says which modules run.
 */
package io.pysock.conformance;
