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
 *
 * <p>The extracted folder is in the user's cache, where any script can write, and it is on the
 * path of every later run (--allow-java ones too). So it is checked against the jar before each
 * run's context is made ({@link #verify}): every file's SHA-256, and no file the jar lacks (a
 * planted {@code sitecustomize.py} or {@code socket.py} would shadow the standard library). A
 * difference is repaired from the jar before the run starts.
 */
final class Pylib {
    private static final String ROOT = "io/pysock/pylib/";
    /** Each extracted folder's jar and the SHA-256 of each of its files there (folders used in place: none). */
    private static final java.util.Map<Path, Extracted> EXTRACTED = new java.util.concurrent.ConcurrentHashMap<>();

    private record Extracted(Path jar, java.util.Map<String, byte[]> digests) {
    }

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
            return extract(jar, cacheDir());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot unpack pysock's pylib: " + e.getMessage(), e);
        }
    }

    /** Extracts (or finds, checked) the pylib of {@code jar} under {@code cache}. */
    static Path extract(Path jar, Path cache) throws IOException {
        String stamp = Long.toHexString(Files.size(jar)) + "-" + Long.toHexString(Files.getLastModifiedTime(jar).toMillis());
        Path target = cache.resolve("pylib-" + stamp);
        Extracted known = new Extracted(jar, digests(jar));
        if (Files.isRegularFile(target.resolve(".complete"))) {
            EXTRACTED.put(target, known);
            verify(target);
            return target;
        }
        Path tmp = Files.createDirectories(cache).resolve("pylib-" + stamp + ".tmp" + ProcessHandle.current().pid());
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
        EXTRACTED.put(target, known);
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

    /** Each pylib file of the jar (path below the pylib root) and its SHA-256. */
    private static java.util.Map<String, byte[]> digests(Path jar) throws IOException {
        java.util.Map<String, byte[]> m = new java.util.HashMap<>();
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (JarEntry e : java.util.Collections.list(jf.entries())) {
                if (e.getName().startsWith(ROOT) && !e.isDirectory()) {
                    try (InputStream in = jf.getInputStream(e)) {
                        m.put(e.getName().substring(ROOT.length()), sha256(in.readAllBytes()));
                    }
                }
            }
        }
        return java.util.Map.copyOf(m);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    /**
     * Checks an extracted pylib folder against the jar it came from and repairs what differs
     * (changed or missing files are written again, files the jar lacks are deleted); returns
     * the paths it repaired. A folder used in place (the build tree) is not checked.
     */
    static synchronized java.util.List<String> verify(Path dir) throws IOException {
        Extracted x = EXTRACTED.get(dir);
        if (x == null) {
            return java.util.List.of();
        }
        java.util.Map<String, byte[]> want = x.digests();
        Path jar = x.jar();
        java.util.List<String> wrong = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String rel = dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                if (rel.isEmpty() || rel.equals(".complete") || Files.isDirectory(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                byte[] d = want.get(rel);
                seen.add(rel);
                if (d == null) {
                    Files.delete(f); // planted: the jar has no such file
                    wrong.add(rel);
                } else if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        || !java.security.MessageDigest.isEqual(d, sha256(Files.readAllBytes(f)))) {
                    wrong.add(rel);
                }
            }
        }
        for (String rel : want.keySet()) {
            if (!seen.contains(rel)) {
                wrong.add(rel);
            }
        }
        if (wrong.isEmpty()) {
            return wrong;
        }
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (String rel : wrong) {
                JarEntry e = jf.getJarEntry(ROOT + rel);
                if (e == null) {
                    continue; // a planted file, deleted above
                }
                Path out = dir.resolve(rel);
                Files.createDirectories(out.getParent());
                Files.deleteIfExists(out); // a link in its place is removed, not followed
                try (InputStream in = jf.getInputStream(e)) {
                    Files.copy(in, out);
                }
            }
        }
        return wrong;
    }
}
