package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

import org.apache.ftpserver.FtpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.icegreen.greenmail.util.GreenMail;
import com.sun.net.httpserver.HttpServer;

import io.pysock.python.RunOptions.Sockets;

/**
 * The seed's Internet modules, unchanged stdlib code, against real servers on loopback. Every row
 * runs on pysock's sockets and on GraalPy's built-in socket layer, so a difference is a failing row.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS) // several scripts per test; a first Python 2 run translates (seconds)
class InternetModulesTest {
    static final Path PY = Scripts.ROOT.resolve("runtime/src/test/resources/py/internet");

    @TempDir
    static Path tmp;
    static HttpServer http;
    static GreenMail mail;
    static FtpServer ftp;
    static int ftpPort;

    @BeforeAll
    static void start() throws Exception {
        http = ProtocolPeers.http(null);
        mail = ProtocolPeers.mail();
        ftpPort = ProtocolPeers.freePort();
        ftp = ProtocolPeers.ftp(tmp, ftpPort, null, null);
    }

    @AfterAll
    static void stop() {
        http.stop(0);
        mail.stop();
        ftp.stop();
    }

    /** Runs a client script to its end (at most 150 s: a hung row fails, it does not hang the suite). */
    static String run(Sockets sockets, String script, String... args) {
        return run(sockets, PY.resolve(script), args);
    }

    static String run(Sockets sockets, Path script, String... args) {
        Scripts.Result r = Scripts.runFor(RunOptions.script(script.toString(), args).withSockets(sockets),
                Duration.ofSeconds(150));
        assertEquals(0, r.status(), () -> script + " on " + sockets + " failed:\n" + r.out() + r.err());
        return r.out();
    }

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void httpClientAndUrllib(Sockets sockets) {
        String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/hello";
        assertEquals("""
                http.client 200 text/plain; charset=utf-8 hello via=http.client pysock
                http.client post 200 got 100000 bytes
                urllib 200 hello via=urllib null
                """, run(sockets, "http_get.py", url));
    }

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void smtpThenPop3AndImap(Sockets sockets) {
        String host = "127.0.0.1";
        assertEquals("ehlo 250\nsent\n", run(sockets, "smtp_send.py", host, port(mail.getSmtp().getPort())));
        String pop = run(sockets, "pop3_read.py", host, port(mail.getPop3().getPort()), "bob", "secret");
        assertEquals("welcome +OK\nstat 1\nsubject Subject: hello over smtplib\ndot True\n",
                pop.replaceFirst("stat \\d+", "stat 1"));
        assertEquals("login OK\nselect OK True\nfetch Subject: hello over smtplib\n",
                run(sockets, "imap_read.py", host, port(mail.getImap().getPort()), "bob", "secret"));
    }

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void ftpPassiveAndActive(Sockets sockets) {
        assertEquals("passive True True 102400\nactive True True 102400\n",
                run(sockets, "ftp_session.py", "127.0.0.1", port(ftpPort), "bob", "secret"));
    }

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void xmlrpcClient(Sockets sockets) {
        String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/RPC2";
        assertEquals("sum 42\nunknown no method other\nroundtrip {'a': [1, 2.5, 'x<&>y']}\n",
                run(sockets, "xmlrpc_call.py", url));
    }

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void pythonServersForJavaHttpClient(Sockets sockets) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        Served rpc = serve(sockets, "xmlrpc_serve.py", "2");
        if (sockets == Sockets.GRAALPY) {
            // GraalPy's built-in sockets bind only at listen(), so socketserver's server_address
            // keeps port 0 and no client can be told where to connect. pysock binds at bind().
            assertEquals(0, rpc.port, rpc.out.out());
            rpc.script.stop(Duration.ofSeconds(20));
            return;
        }
        URI rpcUri = URI.create("http://127.0.0.1:" + rpc.port + "/RPC2");
        String add = post(client, rpcUri, "<?xml version=\"1.0\"?><methodCall><methodName>add</methodName><params>"
                + "<param><value><int>40</int></value></param><param><value><int>2</int></value></param>"
                + "</params></methodCall>");
        assertTrue(add.contains("<int>42</int>"), add);
        String shout = post(client, rpcUri, "<?xml version=\"1.0\"?><methodCall><methodName>shout</methodName>"
                + "<params><param><value><string>pysock &amp; java</string></value></param></params></methodCall>");
        assertTrue(shout.contains("<string>PYSOCK &amp; JAVA</string>"), shout);
        rpc.finish();

        Path www = Files.createDirectories(tmp.resolve("www-" + sockets));
        Files.writeString(www.resolve("hello.txt"), "hello from a file\n");
        Served web = serve(sockets, "http_serve.py", www.toString(), "2");
        HttpResponse<String> ok = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + web.port + "/hello.txt")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertEquals("hello from a file\n", ok.body());
        HttpResponse<String> missing = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + web.port + "/missing")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        web.finish();
    }

    private static String post(HttpClient client, URI uri, String xml) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(xml)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** A Python server script started on its own thread, with the port it printed. */
    record Served(RunningScript script, Scripts.Captured out, int port) {
        void finish() throws Exception {
            try {
                assertEquals(0, script.waitFor(Duration.ofSeconds(60)), () -> out.out() + out.err());
            } finally {
                script.stop(Duration.ofSeconds(20));
            }
            assertTrue(out.out().endsWith("served\n"), out.out() + out.err());
        }
    }

    static Served serve(Sockets sockets, String script, String... args) throws Exception {
        Scripts.Captured c = new Scripts.Captured();
        RunningScript running = Scripts.engine().start(
                c.apply(RunOptions.script(PY.resolve(script).toString(), args).withSockets(sockets)));
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
        while (System.nanoTime() < end) {
            Matcher m = listening.matcher(c.out());
            if (m.find()) {
                return new Served(running, c, Integer.parseInt(m.group(1)));
            }
            if (running.isDone()) {
                break;
            }
            Thread.sleep(50);
        }
        running.stop(Duration.ofSeconds(20));
        throw new AssertionError(script + " did not start listening:\n" + c.out() + c.err());
    }

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void examples(Sockets sockets) {
        Path ex = NewsTelnetGopherTest.EXAMPLES;
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        assertEquals("http.client: 200 OK hello null null\nurllib.request: 200 hello null null\n",
                run(sockets, ex.resolve("http_client.py"), base + "/hello"));
        assertEquals("sum: 42\n", run(sockets, ex.resolve("xmlrpc_client.py"), base + "/RPC2", "40", "2"));
        assertEquals("sum: 42\n", run(sockets, ex.resolve("xmlrpc_client2.py"), base + "/RPC2", "40", "2"));
        assertEquals("""
                httplib: 200 OK hello null null
                urllib: hello null null
                urllib2: HTTPError 404
                urllib2: hello null py2
                """, run(sockets, ex.resolve("http_client2.py"), base + "/hello"));
        assertEquals("""
                smtplib: sent
                poplib: N message(s), last: Subject: hello from pysock
                imaplib: OK True
                """, run(sockets, ex.resolve("mail_client.py"), "127.0.0.1", port(mail.getSmtp().getPort()),
                port(mail.getPop3().getPort()), port(mail.getImap().getPort()), "bob", "secret")
                .replaceFirst("poplib: \\d+", "poplib: N"));
        String ftpOut = run(sockets, ex.resolve("ftp_client.py"), "127.0.0.1", port(ftpPort), "bob", "secret");
        assertTrue(ftpOut.startsWith("220\nlisting: ["), ftpOut);
        assertTrue(ftpOut.endsWith("""
                ftplib: ['hello over ftp', 'second line']
                urllib: ['hello over ftp', 'second line']
                """), ftpOut);
    }

    static String port(int p) {
        return Integer.toString(p);
    }
}
