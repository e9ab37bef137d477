package io.pysock.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a script's libraries come from (README, "Using libraries"): PYTHONPATH, Script.path
 * folders and jars, a virtual environment's site-packages with its .pth files, and the one
 * ImportError every native module gets.
 */
class LibraryPathTest {
    static PysockRunner runner;

    @BeforeAll
    static void start() {
        runner = SharedEngine.runner().build();
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @Test
    void pathThenPythonpathInCPythonsOrder(@TempDir Path dir) throws Exception {
        write(dir.resolve("a/shared.py"), "WHERE = 'a'\n");
        write(dir.resolve("b/shared.py"), "WHERE = 'b'\n");
        write(dir.resolve("b/only_b.py"), "WHERE = 'only b'\n");
        write(dir.resolve("s/main.py"), "import sys, shared, only_b\n"
                + "print(shared.WHERE, only_b.WHERE)\n"
                + "print([p for p in sys.path if p.startswith(sys.argv[1])])\n");
        RunResult r = runner.run(Script.file(dir.resolve("s/main.py")).args(dir.toString())
                .path(dir.resolve("a")).env("PYTHONPATH", dir.resolve("b") + ":" + dir.resolve("missing")));
        assertEquals("a only b\n" + "['" + dir.resolve("s") + "', '" + dir.resolve("a") + "', '" + dir.resolve("b")
                + "', '" + dir.resolve("missing") + "']\n", r.stdout());

        // a relative PYTHONPATH entry is taken from the working directory, as CPython does
        RunResult rel = runner.run(Script.code("import only_b; print(only_b.WHERE)").workingDirectory(dir)
                .env("PYTHONPATH", "b"));
        assertEquals("only b\n", rel.stdout());
    }

    @Test
    void aJarOfModulesOnThePath(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("libs.jar");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            z.putNextEntry(new ZipEntry("jarpkg/__init__.py"));
            z.write("def hello():\n    return 'from the jar'\n".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        RunResult r = runner.run(Script.code("import jarpkg; print(jarpkg.hello())").path(jar));
        assertEquals("from the jar\n", r.stdout());
    }

    @Test
    void venvSitePackagesWithPthFiles(@TempDir Path dir) throws Exception {
        Path site = dir.resolve("venv/lib/python3.11/site-packages");
        write(site.resolve("venvmod.py"), "WHERE = 'venv'\n");
        write(site.resolve("extra/pthmod.py"), "WHERE = 'added by a .pth line'\n");
        write(site.resolve("libs.pth"), "# a comment\nextra\nimport sys; sys.pth_import_ran = True\nnot-there\n");
        write(dir.resolve("pyvenv.cfg"), "home = /usr/bin\n");
        String code = "import sys, venvmod, pthmod\n"
                + "print(venvmod.WHERE, '|', pthmod.WHERE, '|', getattr(sys, 'pth_import_ran', False))\n"
                + "print(any(p.endswith('not-there') for p in sys.path))\n";
        String expected = "venv | added by a .pth line | True\nFalse\n";
        assertEquals(expected, runner.run(Script.code(code).venv(dir.resolve("venv"))).stdout());
        // an activated environment: VIRTUAL_ENV
        assertEquals(expected, runner.run(Script.code(code).env("VIRTUAL_ENV", dir.resolve("venv").toString())).stdout());
        // a stale VIRTUAL_ENV is reported in one line and the script still runs
        RunResult stale = runner.run(Script.code("print('ran')").env("VIRTUAL_ENV", dir.resolve("gone").toString()));
        assertEquals("ran\n", stale.stdout());
        assertEquals("pysock: VIRTUAL_ENV=" + dir.resolve("gone")
                + " is not a virtual environment (no lib/python3.*/site-packages in it); ignored\n", stale.stderr());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Script.code("").venv(dir));
        assertTrue(bad.getMessage().contains("is not a virtual environment"), bad.getMessage());
    }

    @Test
    void nativeModulesFailWithOneClearImportError(@TempDir Path dir) throws Exception {
        // A C extension on the path (its content is never read: it is refused by its file name).
        try (OutputStream out = Files.newOutputStream(dir.resolve("fastthing.so"))) {
            out.write(new byte[] {0x7f, 'E', 'L', 'F'});
        }
        write(dir.resolve("lib_with_fallback.py"), ""
                + "try:\n    import fastthing\n    SPEED = 'native'\n"
                + "except ImportError as e:\n    SPEED = 'pure Python: ' + str(e)\n");
        String code = "import lib_with_fallback\nprint(lib_with_fallback.SPEED)\n"
                // GraalPy's own C extensions, twice each: the second import used to raise SystemError
                + "for name in ('_curses', '_curses', '_sqlite3', 'sqlite3', 'bz2', 'ctypes', 'curses'):\n"
                + "    try:\n        __import__(name)\n        print(name, 'imported')\n"
                + "    except ImportError as e:\n        print(type(e).__name__, e.name, '|', e)\n";
        RunResult r = runner.run(Script.code(code).path(dir));
        String so = dir.resolve("fastthing.so").toString();
        String pure = "; pysock runs pure-Python code only (no native code is loaded)";
        assertEquals("pure Python: fastthing: a native extension module (" + so + ")" + pure + "\n"
                + "ImportError _curses | _curses: a native extension module, needed by curses" + pure + "\n"
                + "ImportError _curses | _curses: a native extension module, needed by curses" + pure + "\n"
                + "ImportError _sqlite3 | _sqlite3: a native extension module, needed by sqlite3" + pure + "\n"
                + "ImportError _sqlite3 | _sqlite3: a native extension module, needed by sqlite3" + pure + "\n"
                + "ImportError _bz2 | _bz2: a native extension module, needed by bz2" + pure + "\n"
                + "ImportError _ctypes | _ctypes: not available on pysock (ctypes calls native code, which pysock"
                + " never loads), needed by ctypes\n"
                + "ImportError _curses | _curses: a native extension module, needed by curses" + pure + "\n", r.stdout());
    }

    @Test
    void unicodeDataFromIcuWithoutNativeCode() {
        // stringprep, the idna codec and unicodedata's 3.2 view, compared with CPython 3.12's answers
        RunResult r = runner.run(Script.code(""
                + "import unicodedata, stringprep\n"
                + "u = unicodedata.ucd_3_2_0\n"
                + "print(u.unidata_version, u.category('\\u0221'), unicodedata.category('\\u0221'), u.bidirectional('\\u05d0'))\n"
                + "print(u.normalize('NFKC', '\\u2167\\ufb01'), u.decomposition('\\u00bd'), u.numeric('\\u00bd'))\n"
                + "print('b\\u00fccher.example'.encode('idna'), b'xn--bcher-kva.example'.decode('idna'))\n"
                + "print(stringprep.in_table_c12('\\u00a0'), stringprep.in_table_a1('\\u0221'), stringprep.map_table_b2('\\u00c5'))\n"
                + "print(unicodedata.lookup('SNOWMAN'), unicodedata.east_asian_width('\\u4e2d'), unicodedata.combining('\\u0301'))\n"
                + "try:\n    unicodedata.lookup('NO SUCH CHARACTER NAME')\nexcept KeyError as e:\n    print('KeyError', e)\n"));
        assertEquals("3.2.0 Cn Ll R\n"
                + "VIIIfi <fraction> 0031 2044 0032 0.5\n"
                + "b'xn--bcher-kva.example' bücher.example\n"
                + "True True å\n"
                + "☃ W 230\n"
                + "KeyError \"undefined character name 'NO SUCH CHARACTER NAME'\"\n", r.stdout());
    }
}
