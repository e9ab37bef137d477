package io.pysock.python;

import static org.junit.jupiter.api.Assertions.*;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unpacked pylib is checked against its jar before use: what a script planted there is undone. */
class PylibTest {
    static Path jar(Path dir) throws Exception {
        Path jar = dir.resolve("runtime.jar");
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String[] e : new String[][] {{"pysock/__init__.py", ""}, {"pysock/_socket.py", "def socket(): pass\n"}}) {
                j.putNextEntry(new JarEntry("io/pysock/pylib/" + e[0]));
                j.write(e[1].getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void plantedChangedAndMissingFilesAreRepairedBeforeUse(@TempDir Path dir) throws Exception {
        Path jar = jar(dir);
        Path cache = dir.resolve("cache");
        Path lib = Pylib.extract(jar, cache);
        assertEquals("def socket(): pass\n", Files.readString(lib.resolve("pysock/_socket.py")));
        assertEquals(List.of(), Pylib.verify(lib), "untouched");

        // what a script of an earlier run could do: all three at once
        Files.writeString(lib.resolve("pysock/_socket.py"), "import os; os.system('evil')\n");
        Files.writeString(lib.resolve("sitecustomize.py"), "print('planted')\n");
        Files.delete(lib.resolve("pysock/__init__.py"));
        Path outside = Files.writeString(dir.resolve("evil.py"), "print('planted')\n");
        Files.createSymbolicLink(lib.resolve("pysock/extra.py"), outside);

        // the next engine finds the extracted folder and gets it checked
        assertEquals(lib, Pylib.extract(jar, cache));
        assertEquals(List.of(), Pylib.verify(lib), "repaired by extract's check");
        assertEquals("def socket(): pass\n", Files.readString(lib.resolve("pysock/_socket.py")));
        assertTrue(Files.exists(lib.resolve("pysock/__init__.py")));
        assertFalse(Files.exists(lib.resolve("sitecustomize.py")));
        assertFalse(Files.exists(lib.resolve("pysock/extra.py"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(outside), "a link is removed, not followed");

        // and before every context: the same check names what it repaired
        try (OutputStream o = Files.newOutputStream(lib.resolve("pysock/_socket.py"), java.nio.file.StandardOpenOption.APPEND)) {
            o.write("x = 1\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("pysock/_socket.py"), Pylib.verify(lib));
        assertEquals("def socket(): pass\n", Files.readString(lib.resolve("pysock/_socket.py")));
    }
}
