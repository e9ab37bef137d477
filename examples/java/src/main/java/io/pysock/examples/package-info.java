/** Java programs that use pysock: the tutorial's server and client in Java, and a Java/Python hand-off. */
package io.pysock.examples;
