package io.pysock.embed;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pysock.net.Errno;
import io.pysock.net.NetworkPolicy;
import io.pysock.net.NetworkRules;
import io.pysock.net.Resolver;
import io.pysock.net.SocketError;
import io.pysock.net.SocketModule;
import io.pysock.python.RunOptions;

/**
 * The hostile-script suite: one script per escape attempt (src/test/resources/hostile), run in
 * the default sandbox and under each network policy, each line of what it printed compared
 * exactly: the refusal's type and message, or "allowed" for the positive controls. The scripts
 * run as {@code pysock run} runs them (RunOptions, with the policy of {@code --net}), except the
 * export escape, which needs a Java host's endpoints.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileScriptsTest {
    static final Path DIR = Path.of("src/test/resources/hostile").toAbsolutePath();
    static final NetworkPolicy LOOPBACK = NetworkPolicy.loopbackOnly();
    static final NetworkPolicy NONE = NetworkPolicy.denyAll();
    static PysockRunner runner;

    @BeforeAll
    static void start() {
        runner = SharedEngine.runner().build();
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    /** Runs a hostile script as the command line does and returns what it printed (it must end normally). */
    static String run(RunOptions o) {
        return run(SharedEngine.get(), o);
    }

    static String run(io.pysock.python.PythonEngine engine, RunOptions o) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = engine.run(o.withStreams(new ByteArrayInputStream(new byte[0]), out, err));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, e);
        assertEquals("", e);
        return out.toString(StandardCharsets.UTF_8);
    }

    static String run(String script, NetworkPolicy policy, String... args) {
        return run(RunOptions.script(DIR.resolve(script).toString(), args).withNetwork(policy));
    }

    static String refused(String what, String policy) {
        return "PermissionError: [Errno 13] Permission denied (pysock: network policy refuses " + what
                + "; policy: " + policy + ")";
    }

    // ---------------------------------------------------------------- the policy stays with the socket

    @Test
    void aSocketHandedToJavaKeepsItsRunsPolicy() throws Exception {
        try (ServerSocketChannel peer = ServerSocketChannel.open()) {
            peer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            peer.configureBlocking(false);
            int port = ((InetSocketAddress) peer.getLocalAddress()).getPort();
            String script = DIR.resolve("export_escape.py").toString();
            for (NetworkPolicy p : List.of(NONE, NetworkRules.parse("none", "127.0.0.2"))) {
                RunResult r = runner.run(Script.file(Path.of(script)).args(String.valueOf(port)).network(p));
                assertEquals("connect after export -> " + refused("connect to 127.0.0.1:" + port, p.toString()) + "\n",
                        r.stdout(), r.stderr());
                assertNull(peer.accept(), "no connection reached the peer under " + p);
            }
            // positive controls: an allowed address connects, exported or not
            for (NetworkPolicy p : List.of(NetworkPolicy.ALLOW_ALL, LOOPBACK, NetworkRules.parse("none", "127.0.0.1:" + port))) {
                RunResult r = runner.run(Script.file(Path.of(script)).args(String.valueOf(port)).network(p));
                assertEquals("connect after export -> allowed connected\n", r.stdout(), r.stderr());
                try (SocketChannel c = peer.accept()) {
                    assertNotNull(c, "the connection under " + p);
                }
            }
        }
    }

    // ---------------------------------------------------------------- names

    /** A resolver that records what it was asked and answers two names with loopback; no query leaves. */
    static final class RecordingResolver implements Resolver {
        final List<String> asked = new ArrayList<>();

        @Override
        public synchronized List<InetAddress> lookup(String host) throws SocketError.AddressLookup {
            asked.add(host);
            if (host.equals("secret-data.exfil.test") || host.equals("localhost")) {
                return List.of(InetAddress.getLoopbackAddress());
            }
            throw new SocketError.AddressLookup(Errno.EAI_NONAME);
        }

        @Override
        public synchronized String reverse(InetAddress a) {
            asked.add("reverse " + a.getHostAddress());
            return "resolved.example";
        }
    }

    @Test
    void aPolicyWithoutTheNetworkAnswersNamesFromTheHostsFileOnly() {
        Resolver old = SocketModule.resolver();
        RecordingResolver dns = new RecordingResolver();
        SocketModule.setResolver(dns);
        try {
            String allowed = """
                    getaddrinfo -> allowed ('127.0.0.1', 80)
                    gethostbyname -> allowed 127.0.0.1
                    connect by name -> ConnectionRefusedError: [Errno 111] Connection refused
                    hosts file -> allowed 127.0.0.1
                    """;
            String reverse = "gethostbyaddr -> allowed ('resolved.example', [], ['10.9.8.7'])\n";
            assertEquals(allowed + reverse, run("dns_lookup.py", null));
            assertEquals(allowed + reverse, run("dns_lookup.py", NetworkPolicy.ALLOW_ALL));
            String name = "secret-data.exfil.test";
            assertEquals(List.of(name, name, name, "localhost", "reverse 10.9.8.7", name, name, name, "localhost",
                    "reverse 10.9.8.7"), dns.asked,
                    "the default asks the resolver (which is DNS unless replaced)");
            dns.asked.clear();
            for (NetworkPolicy p : List.of(LOOPBACK, NONE, NetworkRules.parse("loopback", "10.0.0.0/8"))) {
                String no = refused("lookup of secret-data.exfil.test: names come from /etc/hosts only", p.toString());
                assertEquals("getaddrinfo -> " + no + "\ngethostbyname -> " + no + "\nconnect by name -> " + no
                        + "\nhosts file -> allowed 127.0.0.1\ngethostbyaddr -> "
                        + refused("reverse lookup of 10.9.8.7: names come from /etc/hosts only", p.toString()) + "\n",
                        run("dns_lookup.py", p));
            }
            assertEquals(List.of(), dns.asked, "no policy without the network asks the resolver");
            // a name on the allow-list is looked up, and its addresses are allowed
            NetworkPolicy named = NetworkRules.parse("none", "secret-data.exfil.test");
            assertEquals(allowed + "gethostbyaddr -> " + refused("reverse lookup of 10.9.8.7: names come from /etc/hosts only",
                    named.toString()) + "\n", run("dns_lookup.py", named));
            assertFalse(dns.asked.isEmpty());
        } finally {
            SocketModule.setResolver(old);
        }
    }

    // ---------------------------------------------------------------- AF_UNIX paths

    @Test
    void unixPathsAreAnAllowList(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("ctl.sock");
        try (ServerSocketChannel ctl = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ctl.bind(UnixDomainSocketAddress.of(path));
            String yes = "connect ctl.sock -> allowed connected\nsocketpair -> allowed 2\n";
            assertEquals(yes, run("unix_path.py", null, path.toString()));
            for (NetworkPolicy p : List.of(LOOPBACK, NONE, NetworkRules.parse("loopback", dir + "/other.sock"))) {
                assertEquals("connect ctl.sock -> " + refused("connect to " + path, p.toString())
                        + "\nsocketpair -> allowed 2\n", run("unix_path.py", p, path.toString()),
                        "socketpair's private path is pysock's, not the script's choice");
            }
            assertEquals(yes, run("unix_path.py", NetworkRules.parse("none", path.toString()), path.toString()));
            assertEquals(yes, run("unix_path.py", NetworkRules.parse("loopback", dir + "/"), path.toString()));
            // a link inside an allowed folder does not reach a socket outside it
            Path allowed = Files.createDirectory(dir.resolve("allowed"));
            Path link = Files.createSymbolicLink(allowed.resolve("ctl.sock"), path);
            NetworkPolicy folder = NetworkRules.parse("loopback", allowed + "/");
            assertEquals("connect ctl.sock -> " + refused("connect to " + link, folder.toString())
                    + "\nsocketpair -> allowed 2\n", run("unix_path.py", folder, link.toString()));
        }
    }

    // ---------------------------------------------------------------- the sandbox, under every policy

    static List<NetworkPolicy> everyPolicy() {
        return java.util.Arrays.asList(null, NetworkPolicy.ALLOW_ALL, LOOPBACK, NONE);
    }

    @Test
    void scriptsStartNoProcesses() {
        String eperm = "PermissionError: [Errno 1] Operation not permitted";
        String expected = "os.system -> " + eperm + " (pysock: scripts start no processes)\n"
                + "subprocess.run -> " + eperm + " (pysock: scripts start no processes)\n"
                + "os.popen -> " + eperm + " (pysock: scripts start no processes)\n"
                + "os.execv -> " + eperm + "\n"
                + "os.fork -> AttributeError: module 'os' has no attribute 'fork'\n"
                + "multiprocessing -> " + eperm + " (pysock: scripts start no processes)\n";
        for (NetworkPolicy p : everyPolicy()) {
            assertEquals(expected, run("processes.py", p), String.valueOf(p));
        }
    }

    @Test
    void noNativeCodeIsLoaded() {
        String no = "ImportError: _ctypes: not available on pysock (ctypes calls native code, which pysock never loads),"
                + " needed by ctypes";
        for (NetworkPolicy p : everyPolicy()) {
            assertEquals("import ctypes -> " + no + "\nimport _ctypes -> " + no + "\n", run("native_code.py", p));
        }
    }

    @Test
    void graalPysOwnDoorsAreShut() {
        String off = "ImportError: _socket: GraalPy's built-in socket module is switched off in pysock runs;"
                + " `import socket` gives pysock's";
        String expected = """
                polyglot.eval js -> RuntimeError: polyglot access is not allowed
                polyglot.eval python -> RuntimeError: polyglot access is not allowed
                polyglot.import_value -> NotImplementedError: polyglot access is not allowed
                __graalpython__.build_java_class -> TypeError: Function extend needs a Java type as its argument not type
                """ + "_imp.create_builtin _socket -> " + off + "\nimportlib builtin _socket -> " + off
                + "\nimport _socket -> allowed pysock._socket\n";
        for (NetworkPolicy p : everyPolicy()) {
            assertEquals(expected, run("graalpy_internals.py", p));
        }
    }

    @Test
    void javaClassesOnlyWithAllowJava() {
        String denied = "java.type System -> KeyError: 'host symbol java.lang.System is not defined or access has been denied'\n"
                + "polyglot java_type -> allowed no java_type\n";
        for (NetworkPolicy p : everyPolicy()) {
            assertEquals(denied, run("java_classes.py", p));
        }
        // the positive control: --allow-java really opens Java (an engine's contexts share one
        // host access setting, so it runs on an engine of its own, as pysock run --allow-java does)
        try (io.pysock.python.PythonEngine javaEngine = io.pysock.python.PythonEngine.create()) {
            assertEquals("java.type System -> allowed True\npolyglot java_type -> allowed no java_type\n",
                    run(javaEngine, RunOptions.script(DIR.resolve("java_classes.py").toString()).withJavaAccess(true)));
        }
    }

    @Test
    void aPlantedTranslatorPickleRunsNothing() {
        assertEquals("load planted tool -> allowed None\n", run("planted_pickle.py", null));
    }

    // ---------------------------------------------------------------- other runs

    @Test
    void anotherRunsDescriptorNumbersReachNothing() throws Exception {
        try (ServerSocketChannel gate = ServerSocketChannel.open()) {
            gate.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) gate.getLocalAddress()).getPort();
            // A: holds a socket, tells its number, waits on the gate until B has tried it
            ScriptRun a = runner.start(Script.code("""
                    import socket, sys
                    mine = socket.socket()
                    mine.bind(('127.0.0.1', 0))
                    print(mine.fileno(), flush=True)
                    gate = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=60)
                    gate.recv(1)
                    print('mine still open', mine.getsockname() is not None, mine.fileno())
                    """).args(String.valueOf(port)));
            try (SocketChannel g = gate.accept()) {
                String fd = a.stdoutSoFar().trim();
                assertTrue(fd.matches("\\d+"), fd);
                String ebadf = "OSError: [Errno 9] Bad file descriptor";
                for (NetworkPolicy p : everyPolicy()) {
                    assertEquals("socket(fileno=N) -> " + ebadf + "\nsocket.close(N) -> " + ebadf + "\nfromfd(N) -> "
                            + ebadf + "\n", run("other_runs_fds.py", p, fd));
                }
                g.write(ByteBuffer.wrap(new byte[] {1}));
                RunResult r = a.waitFor(Duration.ofMinutes(1));
                assertEquals(fd + "\nmine still open True " + fd + "\n", r.stdout(), r.stderr());
            }
        }
    }
}
