package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python-level behaviour: one unittest file (src/test/resources/py/test_socket_semantics.py)
 * run on pysock and on CPython, so both sides are held to the same expectations.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SocketSemanticsTest {
    private static final Path SEMANTICS = Path.of("src/test/resources/py/test_socket_semantics.py").toAbsolutePath();

    @Test
    void pysockBehavesAsCPython() throws Exception {
        Scripts.Result r = Scripts.run(RunOptions.script(SEMANTICS.toString()));
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains(" passed, 0 failed"), r.out());
        // every test the file defines ran and passed: none skipped, none lost
        assertEquals(SuiteCounts.definedTests(SEMANTICS) + " passed, 0 failed", r.out().strip().lines().reduce((a, b) -> b).orElse(""));
        assertTrue(r.err().contains("Ran " + SuiteCounts.definedTests(SEMANTICS) + " tests"), r.err());
        assertFalse(r.err().contains("skipped="), r.err());
    }

    @Test
    void cpythonAgreesWithTheExpectations() throws Exception {
        Assumptions.assumeTrue(Scripts.hasPython3(), "python3 is not installed");
        Scripts.Result r = Scripts.python3(SEMANTICS, Duration.ofMinutes(2));
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(SuiteCounts.definedTests(SEMANTICS) + " passed, 0 failed", r.out().strip().lines().reduce((a, b) -> b).orElse(""));
    }

    @Test
    void socketModuleIsJavaBacked() {
        Scripts.Result r = Scripts.run(RunOptions.code(
                "import socket, _socket; print(socket._socket.__name__, _socket.__file__.endswith('pysock/_socket.py'))"));
        assertEquals("pysock._socket True\n", r.out(), r.err());
    }

    @Test
    void graalpySocketsOnRequest() {
        Scripts.Result r = Scripts.run(RunOptions.code(String.join("\n",
                "import socket",
                "print(hasattr(socket._socket, '__file__'))",
                "a, b = socket.socketpair()",
                "a.sendall(b'ok'); print(b.recv(2))")).withSockets(RunOptions.Sockets.GRAALPY));
        assertEquals("False\nb'ok'\n", r.out(), r.err());
    }

    @Test
    void noJavaAccessByDefault() {
        Scripts.Result r = Scripts.run(RunOptions.code(String.join("\n",
                "try:",
                "    import java; java.type('java.lang.System')",
                "    print('java reachable')",
                "except Exception as e:",
                "    print('blocked')")));
        assertEquals("blocked\n", r.out(), r.err());
    }

    @Test
    void uncaughtExceptionIsAPythonTraceback() {
        Scripts.Result r = Scripts.run(RunOptions.code("import socket\nsocket.socket().connect(('127.0.0.1', 1))"));
        assertEquals(1, r.status());
        assertTrue(r.err().contains("ConnectionRefusedError: [Errno 111] Connection refused"), r.err());
        assertFalse(r.err().contains("at io.pysock"), r.err());
        assertFalse(r.err().contains("pysock/_socket.py"), "facade frames shown: " + r.err());
    }

    @Test
    void exitStatusAndArgv() {
        Scripts.Result r = Scripts.run(RunOptions.code("import sys; print(sys.argv); sys.exit(3)", "a", "b"));
        assertEquals(3, r.status());
        assertEquals("['-c', 'a', 'b']\n", r.out());
    }

    @Test
    void python2TextSemanticsOnSockets(@TempDir Path dir) throws Exception {
        Path script = Scripts.write(dir, "py2.py", String.join("\n",
                "# -*- coding: utf-8 -*-",
                "import socket, SocketServer, Queue",
                "a, b = socket.socketpair()",
                "a.send('中文 quit')",
                "data = b.recv(100)",
                "print data",
                "print type(data).__name__, data.endswith('quit'), data == '中文 quit'",
                "print SocketServer.TCPServer.__name__",
                "f = b.makefile('rb')",
                "a.sendall('line one\\n'); print repr(f.readline() == 'line one\\n')",
                ""));
        Scripts.Result r = Scripts.run(RunOptions.script(script.toString()));
        assertEquals(0, r.status(), r.err());
        assertEquals("中文 quit\nstr True True\nTCPServer\nTrue\n", r.out());
    }

    @Test
    void python2TracebackPointsAtOriginalLine(@TempDir Path dir) throws Exception {
        Path script = Scripts.write(dir, "bad.py", "print 'first'\n\nx = 1\nprint 'before'\n1/0\n");
        Scripts.Result r = Scripts.run(RunOptions.script(script.toString()));
        assertEquals(1, r.status());
        assertEquals("first\nbefore\n", r.out());
        assertTrue(r.err().contains("line 5"), "stderr: [" + r.err() + "] stdout: [" + r.out() + "]");
        assertTrue(r.err().contains("ZeroDivisionError"), r.err());
    }

    @Test
    void python3ScriptsKeepBytesSemantics() {
        Scripts.Result r = Scripts.run(RunOptions.code(String.join("\n",
                "import socket",
                "a, b = socket.socketpair()",
                "try:",
                "    a.send('text')",
                "except TypeError as e:",
                "    print(e)")));
        assertEquals("a bytes-like object is required, not 'str'\n", r.out(), r.err());
    }
}
