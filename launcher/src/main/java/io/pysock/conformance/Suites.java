package io.pysock.conformance;

import java.util.List;

/** Which CPython test modules {@code pysock conformance} runs (names as in CPython's test package). */
public final class Suites {
    private Suites() {
    }

    /** Every module of issue 15's list, in the order of the table. */
    public static final List<String> ALL = List.of(
            "test_socket", "test_socketserver", "test_select", "test_poll", "test_epoll", "test_selectors",
            "test_asyncio.test_sock_lowlevel", "test_asyncio.test_streams", "test_asyncio.test_events",
            "test_asyncio.test_server", "test_ssl",
            "test_httplib", "test_urllib2_localnet", "test_xmlrpc", "test_ftplib", "test_smtplib",
            "test_poplib", "test_imaplib", "test_nntplib", "test_telnetlib");

    /**
     * The CI subset (--fast): a few minutes on two cores, each checked against
     * conformance/baseline-fast.txt. test_socketserver is not in it while its SocketServerTest
     * class hangs on pysock (docs/conformance.md): a hang costs the whole class time limit.
     */
    public static final List<String> FAST = List.of("test_select", "test_poll", "test_epoll", "test_selectors",
            "test_telnetlib");
}
