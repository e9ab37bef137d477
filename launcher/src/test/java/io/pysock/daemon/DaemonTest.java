package io.pysock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The resident daemon, started as a real background JVM the way the launcher starts it, with
 * runs sent by the real client code. Each test is two or more runs side by side, or a fault
 * (a killed client, a script trying to stop the daemon), and checks what a process would show.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DaemonTest {
    private static Path dir;
    private static Path socket;
    private static Path startCommand;

    @BeforeAll
    static void startDaemon() throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "pysock-dt",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        socket = dir.resolve("test.sock");
        startCommand = dir.resolve("test.cmd");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Daemon.class.getName(),
                socket.toString(), "120"));
        Files.writeString(startCommand, String.join("\0", cmd));
        Run r = run(List.of("run", "-c", "print('up')"), "");
        assertEquals(0, r.status, r.err);
        assertEquals("up\n", r.out);
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        run(List.of("daemon", "stop"), "");
    }

    record Run(int status, String out, String err) {
    }

    static Run run(List<String> args, String stdin) {
        return run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), Map.of(), dir);
    }

    static Run run(List<String> args, InputStream stdin, Map<String, String> env, Path cwd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DaemonClient.run(socket, startCommand, args,
                new DaemonClient.Caller(cwd.toString(), env, stdin, out, err, false, false));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run py(String code, String... args) {
        List<String> a = new ArrayList<>(List.of("run", "-c", code));
        a.addAll(List.of(args));
        return run(a, "");
    }

    /** A client as its own process, as ./pysock runs it: for signals and kill -9. */
    static Process clientProcess(String... args) throws IOException {
        // env resets SIGINT: a JVM started with it ignored (as in a background job) keeps it ignored,
        // as CPython does; the client must get it to forward it.
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT,TERM,HUP",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DaemonClient.class.getName(),
                socket.toString(), startCommand.toString(), "--"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).start();
    }

    static String readLine(Process p) throws IOException {
        StringBuilder b = new StringBuilder();
        InputStream in = p.getInputStream();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            b.append((char) c);
        }
        return b.toString();
    }

    static void kill(Process p, String signal) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
    }

    // ---------------------------------------------------------------- the run looks like a process of its own

    @Test
    void argvWorkingDirectoryEnvironmentAndExitStatusAreTheCallers() throws Exception {
        Path cwd = Files.createTempDirectory(dir, "cwd");
        Run r = run(List.of("run", "-c", "import os, sys; print(os.getcwd(), sorted(os.environ.items()), sys.argv); sys.exit(3)",
                "a", "--b"), InputStream.nullInputStream(), Map.of("GREETING", "hi"), cwd);
        assertEquals(3, r.status, r.err);
        assertEquals(cwd.toRealPath() + " [('GREETING', 'hi')] ['-c', 'a', '--b']\n", r.out);
    }

    @Test
    void librariesComeFromEachRunsPythonpathPathAndVirtualEnv() throws Exception {
        Path cwd = Files.createTempDirectory(dir, "libs");
        Files.createDirectories(cwd.resolve("env1"));
        Files.writeString(cwd.resolve("env1/lib1.py"), "NAME = 'from PYTHONPATH'\n");
        Files.createDirectories(cwd.resolve("rel"));
        Files.writeString(cwd.resolve("rel/lib2.py"), "NAME = 'from --path, relative to the caller'\n");
        Path site = Files.createDirectories(cwd.resolve("venv/lib/python3.12/site-packages"));
        Files.writeString(site.resolve("lib3.py"), "NAME = 'from VIRTUAL_ENV'\n");
        String code = "import lib1, lib2, lib3; print(lib1.NAME, '|', lib2.NAME, '|', lib3.NAME)";
        Run r = run(List.of("run", "--path", "rel", "-c", code), InputStream.nullInputStream(),
                Map.of("PYTHONPATH", cwd.resolve("env1").toString(), "VIRTUAL_ENV", cwd.resolve("venv").toString()), cwd);
        assertEquals(0, r.status, r.err);
        assertEquals("from PYTHONPATH | from --path, relative to the caller | from VIRTUAL_ENV\n", r.out);
        // the next run, without that environment, has none of them (the context is not reused)
        Run bare = run(List.of("run", "-c", "import lib1"), InputStream.nullInputStream(), Map.of(), cwd);
        assertEquals(1, bare.status);
        assertTrue(bare.err.contains("ModuleNotFoundError: No module named 'lib1'"), bare.err);
        Run badVenv = run(List.of("run", "--venv", "rel", "-c", "pass"), InputStream.nullInputStream(), Map.of(), cwd);
        assertEquals(2, badVenv.status);
        assertEquals("pysock run: --venv rel: not a virtual environment (no lib/python3.*/site-packages in it)\n",
                badVenv.err);
    }

    @Test
    void exitStatusesAndTracebacksAreThoseOfAProcess() {
        Run r = py("1/0");
        assertEquals(1, r.status);
        assertTrue(r.err.contains("ZeroDivisionError: division by zero"), r.err);
        assertFalse(r.err.contains("at io.pysock") || r.err.contains("PolyglotException"), r.err);
        assertEquals(2, run(List.of("run", "no/such/script.py"), "").status);
        assertEquals(0, py("import sys; sys.exit()").status);
        assertEquals(1, py("import sys; sys.exit('bye')").status);
    }

    @Test
    void stdinIsReadOnlyOnRequestAndSelectWorksOnIt() {
        Run r = run(List.of("run", "-c", """
                import sys, select
                print(repr(sys.stdin.readline()))
                r, _, _ = select.select([sys.stdin], [], [], 10)
                print(bool(r), repr(sys.stdin.read()))
                """), "one\ntwo\nthree\n");
        assertEquals(0, r.status, r.err);
        assertEquals("'one\\n'\nTrue 'two\\nthree\\n'\n", r.out);

        AtomicBoolean touched = new AtomicBoolean();
        InputStream watched = new InputStream() {
            @Override
            public int read() {
                touched.set(true);
                return -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                touched.set(true);
                return -1;
            }
        };
        Run quiet = run(List.of("run", "-c", "print('no input read')"), watched, Map.of(), dir);
        assertEquals(0, quiet.status, quiet.err);
        assertFalse(touched.get(), "stdin was read although the script never asked");
    }

    @Test
    void stdoutAndStderrKeepTheirOrder() {
        Run r = py("import sys\nfor i in range(3):\n    print('out', i, flush=True)\n    print('err', i, file=sys.stderr, flush=True)");
        assertEquals("out 0\nout 1\nout 2\n", r.out);
        assertEquals("err 0\nerr 1\nerr 2\n", r.err);
    }

    // ---------------------------------------------------------------- isolation: two runs side by side

    @Test
    void twoRunsShareNothingButTheEngine() throws Exception {
        // A: a server that marks its process state in every way a run could leak it, then serves one client.
        CompletableFuture<Run> a = CompletableFuture.supplyAsync(() -> py("""
                import os, socket, sys
                sys.modules['leaked_marker'] = object()
                socket.setdefaulttimeout(7)
                os.environ['LEAKED'] = '1'
                os.chdir('/')
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0, None)
                s.settimeout(None)
                s.bind(('127.0.0.1', 0)); s.listen(1)
                with open(sys.argv[1], 'w') as f:
                    f.write('%d %d' % (s.getsockname()[1], s.fileno()))
                c, _ = s.accept()
                print('A served', c.recv(10))
                """, dir.resolve("a.port").toString()));
        Path portFile = dir.resolve("a.port");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.exists(portFile) && Files.readString(portFile).contains(" ")) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        String[] pf = Files.readString(portFile).split(" ");
        int port = Integer.parseInt(pf[0]);
        int fdA = Integer.parseInt(pf[1]);
        Run b = py("""
                import errno, os, select, socket, sys
                fd = int(sys.argv[1])
                mine = socket.socket()
                print('own numbering', mine.fileno() == fd)
                mine.close()  # now no socket of this run has that number; A's still does
                for name, attempt in [('fileno', lambda: socket.socket(fileno=fd)),
                                      ('close', lambda: socket.close(fd)),
                                      ('select', lambda: select.select([fd], [], [], 0))]:
                    try:
                        attempt()
                        print(name, 'reached A')
                    except OSError as e:
                        print(name, errno.errorcode.get(e.errno, e.errno))
                    except ValueError as e:
                        print(name, 'ValueError')
                print('modules', 'leaked_marker' in sys.modules, 'timeout', socket.getdefaulttimeout(),
                      'env', 'LEAKED' in os.environ, 'cwd', os.getcwd() == sys.argv[2])
                c = socket.create_connection(('127.0.0.1', int(sys.argv[3])))
                c.sendall(b'hello'); c.close()
                """, Integer.toString(fdA), dir.toRealPath().toString(), Integer.toString(port));
        assertEquals(0, b.status, b.err);
        assertEquals("""
                own numbering True
                fileno EBADF
                close EBADF
                select EBADF
                modules False timeout None env False cwd True
                """, b.out);
        Run ra = a.get(120, TimeUnit.SECONDS);
        assertEquals(0, ra.status, ra.err);
        assertEquals("A served b'hello'\n", ra.out);
    }

    @Test
    void ctrlCEndsOnlyTheRunWhoseClientGotIt() throws Exception {
        String sleeper = "import time, sys\nprint('ready', flush=True)\ntime.sleep(float(sys.argv[1]))\nprint('woke', flush=True)";
        Process a = clientProcess("run", "-c", sleeper, "60");
        Process b = clientProcess("run", "-c", sleeper, "8");
        assertEquals("ready", readLine(a));
        assertEquals("ready", readLine(b));
        kill(a, "INT");
        assertTrue(a.waitFor(30, TimeUnit.SECONDS), "Ctrl-C did not end run A");
        assertEquals(130, a.exitValue());
        String errA = new String(a.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(errA.contains("KeyboardInterrupt"), errA);
        assertTrue(b.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, b.exitValue(), "run B was disturbed");
        assertEquals("woke", readLine(b));
    }

    @Test
    void aScriptsOwnSignalHandlerRunsAndSigtermEndsTheRunAsTheDefaultAction() throws Exception {
        Process p = clientProcess("run", "-c", """
                import signal, sys, time
                signal.signal(signal.SIGINT, lambda s, f: (print('handled', s, flush=True), sys.exit(9)))
                print('ready', flush=True)
                time.sleep(60)
                """);
        assertEquals("ready", readLine(p));
        kill(p, "INT");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(9, p.exitValue());
        assertEquals("handled 2", readLine(p));

        Process t = clientProcess("run", "-c", "import time\nprint('ready', flush=True)\ntime.sleep(60)");
        assertEquals("ready", readLine(t));
        kill(t, "TERM");
        assertTrue(t.waitFor(30, TimeUnit.SECONDS));
        assertEquals(143, t.exitValue());
    }

    @Test
    void aKilledClientHasItsRunCancelledAndItsPortsFreedWithinThreeSeconds() throws Exception {
        Process p = clientProcess("run", "-c", """
                import socket
                s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(5)
                print(s.getsockname()[1], flush=True)
                while True:
                    c, _ = s.accept(); c.close()
                """);
        int port = Integer.parseInt(readLine(p).trim());
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 5000); // it serves
        }
        kill(p, "KILL");
        p.waitFor(10, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        boolean freed = false;
        while (System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(3)) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
            } catch (IOException refused) {
                freed = true;
                break;
            }
            Thread.sleep(50);
        }
        assertTrue(freed, "port " + port + " still accepts 3 s after its client was killed");
    }

    @Test
    void netOptionsReachRunsServedByTheDaemon() {
        String code = "import socket\ns = socket.socket()\ntry:\n    s.connect(('127.0.0.1', 9))\n"
                + "except OSError as e:\n    print(type(e).__name__, e)\n"
                + "try:\n    socket.getaddrinfo('exfil.invalid', 80)\nexcept OSError as e:\n    print(type(e).__name__, e)\n";
        Run r = run(List.of("run", "--net", "none", "-c", code), "");
        assertEquals(0, r.status, r.err);
        assertEquals("PermissionError [Errno 13] Permission denied (pysock: network policy refuses connect to 127.0.0.1:9;"
                + " policy: --net none)\nPermissionError [Errno 13] Permission denied (pysock: network policy refuses"
                + " lookup of exfil.invalid: names come from /etc/hosts only; policy: --net none)\n", r.out);
        // the next run on the same warm engine has the default again: everything, as python3
        Run after = py("import socket\ns = socket.socket()\nprint(s.connect_ex(('127.0.0.1', 9)))");
        assertEquals("111\n", after.out, after.err);
    }

    @Test
    void nothingARunDoesStopsTheDaemon() {
        assertEquals(4, py("import os; os._exit(4)").status);
        assertEquals(143, py("import signal; signal.raise_signal(signal.SIGTERM)\nimport time; time.sleep(30)").status);
        assertEquals(143, py("import os, signal; os.kill(os.getpid(), signal.SIGTERM)\nimport time; time.sleep(30)").status);
        Run ki = py("import os, signal, time; os.kill(os.getpid(), signal.SIGINT); time.sleep(30)");
        assertEquals(130, ki.status, ki.err);
        Run status = run(List.of("daemon", "status"), "");
        assertEquals(0, status.status, status.err);
        assertTrue(status.out.contains("pysock daemon: running"), status.out);
    }

    // ---------------------------------------------------------------- bounded

    @Test
    void fiveHundredRunsLeaveHeapAndThreadsFlat() {
        for (int i = 0; i < 50; i++) {
            assertEquals(0, py("import socket; s = socket.socket(); s.close()").status);
        }
        long[] at50 = heapAndThreads();
        for (int i = 50; i < 500; i++) {
            Run r = py("import socket; s = socket.socket(); s.close()");
            assertEquals(0, r.status, "run " + i + ": " + r.err);
        }
        long[] at500 = heapAndThreads();
        System.out.printf("daemon after 50 runs: heap %d MiB, %d pysock threads; after 500: heap %d MiB, %d pysock threads%n",
                at50[0], at50[1], at500[0], at500[1]);
        assertTrue(at500[0] <= at50[0] + 64, "heap grew from " + at50[0] + " to " + at500[0] + " MiB");
        // a finished run's closer may still be on its way out at either count
        assertTrue(at500[1] <= at50[1] + 2, "pysock threads grew from " + at50[1] + " to " + at500[1]);
    }

    /**
     * Heap after GC and pysock's threads. The heap figure is the least of three readings a second
     * apart: the graphs of JIT compilations still in flight are live too, and come and go by tens
     * of MiB, while what runs leave behind stays in every reading.
     */
    private static long[] heapAndThreads() {
        long[] least = null;
        for (int k = 0; k < 3; k++) {
            if (k > 0) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            long[] now = heapAndThreadsOnce();
            least = least == null || now[0] < least[0] ? now : least;
        }
        return least;
    }

    private static long[] heapAndThreadsOnce() {
        Run s = run(List.of("daemon", "status"), "");
        Matcher heap = Pattern.compile("heap used: (\\d+) MiB").matcher(s.out);
        Matcher threads = Pattern.compile("threads: \\d+ \\(pysock: (\\d+)\\)").matcher(s.out);
        assertTrue(heap.find() && threads.find(), s.out);
        return new long[] {Long.parseLong(heap.group(1)), Long.parseLong(threads.group(1))};
    }
}
