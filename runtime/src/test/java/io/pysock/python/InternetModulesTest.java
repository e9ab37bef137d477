package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
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
@Timeout(value = 180, unit = TimeUnit.SECONDS)
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
        Scripts.Captured c = new Scripts.Captured();
        RunningScript running = Scripts.engine().start(
                c.apply(RunOptions.script(PY.resolve(script).toString(), args).withSockets(sockets)));
        int status;
        try {
            status = running.waitFor(Duration.ofSeconds(150));
        } catch (TimeoutException e) {
            try {
                running.stop(Duration.ofSeconds(20));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError(script + " on " + sockets + " did not finish in 150 s:\n" + c.out() + c.err());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertEquals(0, status, () -> script + " on " + sockets + " failed:\n" + c.out() + c.err());
        return c.out();
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

    static String port(int p) {
        return Integer.toString(p);
    }
}
