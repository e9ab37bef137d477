package io.pysock.embed;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pysock.net.NetworkPolicy;
import io.pysock.net.SocketModule;
import io.pysock.python.PythonEngine;

/** The embedding API: runs with arguments, streams, directories, environment, modes, policy, trace, concurrency, close. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PysockRunnerTest {
    static PysockRunner runner;

    @BeforeAll
    static void start() {
        runner = SharedEngine.runner().build();
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    static int closedPort() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return ss.getLocalPort();
        }
    }

    @Test
    void exitStatusArgumentsAndCapturedStreams() {
        RunResult r = runner.run(Script.code("import sys\nprint('hi', sys.argv)\nsys.stderr.write('e\\n')\nsys.exit(3)")
                .args("a", "b c"));
        assertEquals(3, r.exitStatus());
        assertFalse(r.ok());
        assertEquals("hi ['-c', 'a', 'b c']\n", r.stdout());
        assertEquals("e\n", r.stderr());
        assertTrue(runner.run(Script.code("pass")).ok());
    }

    @Test
    void uncaughtExceptionBecomesPythonExceptionWithTraceback(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("boom.py"), "print('before')\n\ndef f(x):\n    raise ValueError('bad %s' % x)\n\nf(42)\n");
        PythonException e = assertThrows(PythonException.class, () -> runner.run(Script.file(f)));
        assertEquals("ValueError", e.pythonType());
        assertEquals("bad 42", e.pythonMessage());
        assertTrue(e.pythonTraceback().startsWith("Traceback (most recent call last):\n"), e.pythonTraceback());
        assertTrue(e.pythonTraceback().contains("File \"" + f + "\", line 4, in f"), e.pythonTraceback());
        assertTrue(e.pythonTraceback().endsWith("ValueError: bad 42\n"), e.pythonTraceback());
        assertTrue(e.getMessage().startsWith("ValueError: bad 42\nTraceback"), e.getMessage());
        assertEquals(1, e.result().exitStatus());
        assertEquals("before\n", e.result().stdout());
        assertTrue(e.result().stderr().contains("ValueError: bad 42"), "printed as by python3 too");
    }

    @Test
    void socketErrorsArriveAsPythonsExceptionClasses() throws Exception {
        PythonException e = assertThrows(PythonException.class, () -> runner.run(Script.code(
                "import socket\nsocket.create_connection(('127.0.0.1', " + closedPort() + "), timeout=5)")));
        assertEquals("ConnectionRefusedError", e.pythonType());
        assertEquals("[Errno 111] Connection refused", e.pythonMessage());
        assertFalse(e.pythonTraceback().contains("_socket.py"), "the facade's frames are hidden: " + e.pythonTraceback());
    }

    @Test
    void workingDirectoryEnvironmentAndStdin(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("data.txt"), "from a file");
        RunResult r = runner.run(Script.code("import os\nprint(os.getcwd())\nprint(open('data.txt').read())\n"
                + "print(os.environ['PYSOCK_GREETING'], 'HOME' in os.environ)\nprint(input().upper())")
                .workingDirectory(dir).env("PYSOCK_GREETING", "hello").stdin("typed line\n"));
        assertEquals(dir.toRealPath() + "\nfrom a file\nhello True\nTYPED LINE\n", r.stdout(), r.stderr());
        RunResult bare = runner.run(Script.code("import os\nprint(sorted(k for k in os.environ if k in ('HOME', 'ONLY')))")
                .clearEnvironment().env("ONLY", "1"));
        assertEquals("['ONLY']\n", bare.stdout(), bare.stderr());
    }

    @Test
    void moduleAndPython2Modes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("greeter.py"), "import sys\nif __name__ == '__main__':\n    print('main', sys.argv[1:])\n");
        RunResult m = runner.run(Script.module("greeter").workingDirectory(dir).args("x"));
        assertEquals(0, m.exitStatus(), m.stderr());
        assertTrue(m.stdout().startsWith("main ['x']"), m.stdout());
        RunResult py2 = runner.run(Script.code("print 'old', 7 / 2, 7 / 2.0").python2());
        assertEquals("old 3 3.5\n", py2.stdout(), py2.stderr()); // Python 2's integer division
        assertThrows(PythonException.class, () -> runner.run(Script.code("print 'old'").python3()));
    }

    @Test
    void traceGoesToTheScriptsStderr() {
        RunResult r = runner.run(Script.code("import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.close()")
                .trace(true));
        assertTrue(r.stderr().matches("(?s).*\\[pysock\\] fd=\\d+ bind 127\\.0\\.0\\.1:\\d+\n.*close.*"), r.stderr());
        assertEquals("", runner.run(Script.code("import socket\nsocket.socket().close()")).stderr(), "off by default");
    }

    @Test
    void networkPolicyRefusesWithPermissionError() {
        try (PysockRunner strict = PysockRunner.builder().engine(engine()).network(NetworkPolicy.loopbackOnly()).build()) {
            PythonException e = assertThrows(PythonException.class, () -> strict.run(Script.code(
                    "import socket\ns = socket.socket()\ns.settimeout(5)\ns.connect(('10.255.255.1', 9))")));
            assertEquals("PermissionError", e.pythonType());
            assertTrue(e.pythonMessage().startsWith("[Errno 13] Permission denied (pysock: network policy refuses connect"),
                    e.pythonMessage());
            RunResult ok = strict.run(Script.code("import socket\ns = socket.create_server(('127.0.0.1', 0))\n"
                    + "c = socket.create_connection(s.getsockname(), timeout=5)\nprint('loopback ok')"));
            assertEquals("loopback ok\n", ok.stdout(), ok.stderr());
            // a script can loosen nothing, but a Script can carry its own policy
            RunResult denied = strict.run(Script.code("import socket\ntry:\n    socket.socket().bind(('127.0.0.1', 0))\n"
                    + "except PermissionError as e:\n    print('denied', e.errno)").network(NetworkPolicy.denyAll()));
            assertEquals("denied 13\n", denied.stdout(), denied.stderr());
        }
    }

    private static PythonEngine engine() {
        return SharedEngine.get();
    }

    @Test
    void scriptsRunConcurrentlyAndTalkToEachOther() throws Exception {
        ScriptRun server = runner.start(Script.code("""
                import socket
                from pysock import java
                srv = socket.create_server(('127.0.0.1', 0))
                java.export('echo', srv.getsockname())
                for _ in range(2):
                    c, _ = srv.accept()
                    with c:
                        c.sendall(c.recv(100).upper())
                print('served')
                """));
        InetSocketAddress where = (InetSocketAddress) runner.endpoints().awaitAddress("echo", Duration.ofMinutes(2));
        assertTrue(where.getAddress().isLoopbackAddress());
        String client = """
                import socket, sys
                from pysock import java
                with socket.create_connection(java.address('echo'), timeout=30) as s:
                    s.sendall(sys.argv[1].encode())
                    print(s.recv(100).decode())
                """;
        ScriptRun a = runner.start(Script.code(client).args("one"));
        ScriptRun b = runner.start(Script.code(client).args("two"));
        assertEquals("ONE\n", a.waitFor(Duration.ofMinutes(2)).stdout());
        assertEquals("TWO\n", b.waitFor(Duration.ofMinutes(2)).stdout());
        RunResult s = server.waitFor(Duration.ofMinutes(1));
        assertEquals("served\n", s.stdout(), s.stderr());
    }

    @Test
    void closingTheRunnerStopsScriptsAndClosesTheirSockets() throws Exception {
        PysockRunner own = PysockRunner.builder().engine(engine()).build();
        ScriptRun server = own.start(Script.code("""
                import socket
                from pysock import java
                srv = socket.create_server(('127.0.0.1', 0))
                java.export('srv', srv.getsockname())
                srv.accept()
                """));
        int port = ((InetSocketAddress) own.endpoints().awaitAddress("srv", Duration.ofMinutes(2))).getPort();
        assertTrue(SocketModule.listeningPorts().contains(port));
        own.close();
        assertTrue(server.isDone());
        assertFalse(SocketModule.listeningPorts().contains(port), "the script's listener closed with the runner");
        assertThrows(IllegalStateException.class, () -> own.run(Script.code("pass")));
        own.close(); // idempotent
    }

    @Test
    void scriptsGetNoJavaHostAccess() {
        RunResult r = runner.run(Script.code("""
                for attempt in ("import java; java.type('java.lang.System')",
                                "import polyglot; polyglot.import_value('pysock')",
                                "import socket; socket.socket()._j.getClass()"):
                    try:
                        exec(attempt)
                        print('allowed:', attempt)
                    except Exception as e:
                        print('refused')
                """));
        assertEquals("refused\nrefused\nrefused\n", r.stdout(), r.stderr());
    }

    @Test
    void ownEngineRunnerReportsVersions() {
        try (PysockRunner own = PysockRunner.create()) {
            assertTrue(own.pythonVersion().startsWith("3.12"), own.pythonVersion());
            assertEquals("3\n", own.run(Script.code("print(1 + 2)")).stdout());
        }
    }

    @Test
    void capturedOutputIsUtf8Text() {
        RunResult r = runner.run(Script.code("print('欢迎访问菜鸟教程！')"));
        assertEquals("欢迎访问菜鸟教程！\n", r.stdout());
        assertArrayEquals("欢迎访问菜鸟教程！\n".getBytes(StandardCharsets.UTF_8), r.stdout().getBytes(StandardCharsets.UTF_8));
    }
}
