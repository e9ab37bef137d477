/** JUnit 5 support: scenarios as dynamic tests ({@link io.pysock.scenario.junit.Scenarios}). */
package io.pysock.scenario.junit;
