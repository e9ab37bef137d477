package io.pysock.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime jar as another Maven project's dependency, as the README tells it: {@code mvn install}
 * (parent + runtime, into the local repository ~/.m2; plugins a plain "mvn test" never needed are fetched), then a tiny project
 * (src/test/resources/consumer: a pom with the dependency block and the JIT jars, and a Main that
 * uses PySocket and PysockRunner) is built with {@code mvn package} and run with the README's JVM
 * flags. Slow by nature (three JVMs, about a minute); bounded by the timeout.
 */
class ConsumerBuildTest {
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void tinyMavenProjectBuildsAndRunsAgainstTheInstalledJar(@TempDir Path dir) throws Exception {
        String mvn = onPath("mvn");
        Assumptions.assumeTrue(mvn != null, "mvn is not on PATH");
        String version = System.getProperty("pysock.version");
        String graalpy = System.getProperty("graalpy.version");
        assertNotNull(version, "surefire passes pysock.version");

        run(ROOT, 6, mvn, "-q", "-B", "install", "-DskipTests", "-pl", "runtime,harness", "-am");

        Path template = ROOT.resolve("examples/java/src/test/resources/consumer");
        try (Stream<Path> files = Files.walk(template)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = dir.resolve(template.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.writeString(to, Files.readString(f).replace("@PYSOCK_VERSION@", version)
                            .replace("@GRAALPY_VERSION@", graalpy)
                            .replace("@JUNIT_VERSION@", System.getProperty("junit.version")));
                }
            }
        }
        // package runs the consumer's own tests too: the pysock JUnit 5 extension on its scenario
        String built = run(dir, 6, mvn, "-B", "package");
        assertTrue(built.contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0"), "the consumer's scenario tests ran:\n" + built);
        Path jar = dir.resolve("target/pysock-consumer-1.0.jar");
        assertTrue(Files.isRegularFile(jar), "the consumer jar was built");
        assertTrue(Files.isRegularFile(dir.resolve("target/lib/pysock-runtime-" + version + ".jar")), "runtime jar copied");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = run(dir, 3, java, "-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
                "--upgrade-module-path=" + dir.resolve("target/compiler"),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", jar + File.pathSeparator + dir.resolve("target/lib") + File.separator + "*", "example.Main");
        assertTrue(out.contains("consumer ok: hello from Python, status 0, jit true"), out);
    }

    private static String onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** Runs a command (JAVA_HOME = this JVM's JDK), fails with its output if it fails or outlasts {@code minutes}. */
    private static String run(Path cwd, int minutes, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(cmd))).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path log = Files.createTempFile("pysock-consumer", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish within " + minutes + " min:\n" + tail(log));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + tail(log));
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
