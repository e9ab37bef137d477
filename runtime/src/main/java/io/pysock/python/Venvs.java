package io.pysock.python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Checks a virtual environment before a run, so a wrong {@code --venv} is a usage error, not a traceback. */
public final class Venvs {
    private Venvs() {
    }

    /** True if {@code dir} has {@code lib/python3.*\/site-packages} (or Windows' {@code Lib/site-packages}). */
    public static boolean isVenv(Path dir) {
        if (Files.isDirectory(dir.resolve("Lib").resolve("site-packages"))) {
            return true;
        }
        try (Stream<Path> libs = Files.list(dir.resolve("lib"))) {
            return libs.anyMatch(p -> p.getFileName().toString().startsWith("python3")
                    && Files.isDirectory(p.resolve("site-packages")));
        } catch (IOException e) {
            return false;
        }
    }
}
