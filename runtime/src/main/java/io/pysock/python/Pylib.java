package io.pysock.python;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Finds pysock's Python side ({@code pylib/}, packaged in the runtime jar under io/pysock/pylib)
 * as a folder GraalPy can put on sys.path: used in place when the classes are a folder (the
 * build tree), extracted once per jar version into the cache folder otherwise.
 */
final class Pylib {
    private static final String ROOT = "io/pysock/pylib/";

    private Pylib() {
    }

    /** The cache folder: $PYSOCK_CACHE, else $XDG_CACHE_HOME/pysock, else ~/.cache/pysock. */
    static Path cacheDir() {
        String env = System.getenv("PYSOCK_CACHE");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("pysock");
    }

    static Path locate() {
        URL marker = Pylib.class.getClassLoader().getResource(ROOT + "pysock/__init__.py");
        if (marker == null) {
            throw new IllegalStateException("pysock's pylib is missing from the class path (" + ROOT + ")");
        }
        try {
            if ("file".equals(marker.getProtocol())) {
                return Path.of(marker.toURI()).getParent().getParent();
            }
            String spec = marker.getPath(); // file:/...jar!/io/pysock/pylib/...
            Path jar = Path.of(new URL(spec.substring(0, spec.indexOf("!/"))).toURI());
            return extract(jar);
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot unpack pysock's pylib: " + e.getMessage(), e);
        }
    }

    private static Path extract(Path jar) throws IOException {
        String stamp = Long.toHexString(Files.size(jar)) + "-" + Long.toHexString(Files.getLastModifiedTime(jar).toMillis());
        Path target = cacheDir().resolve("pylib-" + stamp);
        if (Files.isRegularFile(target.resolve(".complete"))) {
            return target;
        }
        Path tmp = Files.createDirectories(cacheDir()).resolve("pylib-" + stamp + ".tmp" + ProcessHandle.current().pid());
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (JarEntry e : java.util.Collections.list(jf.entries())) {
                if (!e.getName().startsWith(ROOT) || e.isDirectory()) {
                    continue;
                }
                Path out = tmp.resolve(e.getName().substring(ROOT.length()));
                Files.createDirectories(out.getParent());
                try (InputStream in = jf.getInputStream(e)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.writeString(tmp.resolve(".complete"), stamp);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            // another pysock process unpacked the same jar first; use its copy
            if (!Files.isRegularFile(target.resolve(".complete"))) {
                throw raced;
            }
        }
        return target;
    }
}
