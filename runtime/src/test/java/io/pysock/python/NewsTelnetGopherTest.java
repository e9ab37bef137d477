package io.pysock.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pysock.python.RunOptions.Sockets;

/**
 * nntplib (plain and NNTP_SSL), telnetlib and Gopher (Python 3 sockets, Python 2 gopherlib), run as
 * the examples in examples/internet against the small servers in {@link TextProtocolServers}.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS) // several scripts per test; a first Python 2 run translates (seconds)
class NewsTelnetGopherTest {
    static final Path EXAMPLES = Scripts.ROOT.resolve("examples/internet");

    @TempDir
    static Path tmp;
    static TestCerts certs;
    static TextProtocolServers.Nntp news;
    static TextProtocolServers.Nntp newsTls;
    static TextProtocolServers.Telnet telnet;
    static TextProtocolServers.Gopher gopher;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCerts.create(tmp);
        news = new TextProtocolServers.Nntp(javax.net.ServerSocketFactory.getDefault());
        newsTls = new TextProtocolServers.Nntp(certs.serverContext().getServerSocketFactory());
        telnet = new TextProtocolServers.Telnet();
        gopher = new TextProtocolServers.Gopher();
    }

    @AfterAll
    static void stop() throws Exception {
        news.close();
        newsTls.close();
        telnet.close();
        gopher.close();
    }

    static String run(Sockets sockets, String script, String... args) {
        return InternetModulesTest.run(sockets, EXAMPLES.resolve(script), args);
    }

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void nntplib(Sockets sockets) {
        int before = news.articles.size();
        String out = run(sockets, "nntp_client.py", "127.0.0.1", port(news.port()));
        assertTrue(out.startsWith("""
                welcome 200
                group pysock.test articles 1 to %d
                over 1 first post alice@localhost
                """.formatted(before)), out);
        assertTrue(out.contains("article 1 <1@pysock.test> .dot-started line\n"), out);
        assertTrue(out.endsWith("posted 1 ['.a line starting with a dot', 'bye']\n"), out);
        assertEquals(before + 1, news.articles.size());
        assertTrue(news.articles.get(before).contains("\r\n.a line starting with a dot\r\n"));
    }

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void nntpOverTls(Sockets sockets) {
        int before = newsTls.serverNames.size();
        String out = run(sockets, "nntp_client.py", "localhost", port(newsTls.port()), certs.caPem().toString());
        assertTrue(out.startsWith("welcome 200\ngroup pysock.test"), out);
        assertTrue(out.endsWith("posted 1 ['.a line starting with a dot', 'bye']\n"), out);
        // the client sent SNI: nntplib passes the host name on to ssl
        assertEquals("[localhost]", newsTls.serverNames.subList(before, newsTls.serverNames.size()).toString());
    }

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void telnetlib(Sockets sockets) {
        int before = telnet.answers.size();
        assertEquals("""
                Welcome, bob
                hello from telnetlib
                b'<\\xff>'
                expect 0 nosuch: command not found
                logout
                """, run(sockets, "telnet_client.py", "127.0.0.1", port(telnet.port()), "bob", "secret"));
        // telnetlib refuses the options the server offers, as RFC 854 clients without them must
        assertEquals("[DONT 1, DONT 3]", telnet.answers.subList(before, before + 2).toString());
    }

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void gopherOnSockets(Sockets sockets) {
        String menu = run(sockets, "gopher_client.py", "127.0.0.1", port(gopher.port()));
        assertEquals("""
                INFO   Welcome to the pysock gopher fake
                TEXT   About this server            /about.txt
                MENU   Documents                    /docs
                SEARCH Search                       /search
                """, menu);
        assertEquals("pysock gopher server\n.a line starting with a dot\n",
                run(sockets, "gopher_client.py", "127.0.0.1", port(gopher.port()), "/about.txt"));
    }

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void gopherlibForPython2(Sockets sockets) {
        assertEquals("""
                INDEX Welcome to the pysock gopher fake
                TEXT About this server /about.txt
                MENU Documents /docs
                INDEX Search /search
                pysock gopher server
                .a line starting with a dot
                found Result for pysock
                """.replaceFirst("INDEX Welcome", "TYPE='i' Welcome"),
                run(sockets, "gopher_client2.py", "127.0.0.1", port(gopher.port())));
        assertTrue(gopher.selectors.contains("/search\tpysock"), gopher.selectors.toString());
    }

    static String port(int p) {
        return Integer.toString(p);
    }
}
