package io.pysock.python;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ServerSocketFactory;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSocket;

/**
 * Small standards-following servers for protocols with no Java server on Maven Central and no
 * Debian daemon that runs on loopback without system set-up: NNTP (RFC 3977 reader subset, with
 * POST; also over implicit TLS as NNTPS), Telnet (RFC 854 option negotiation, a login and a shell
 * prompt) and Gopher (RFC 1436 menus and text files).
 */
final class TextProtocolServers {
    private TextProtocolServers() {
    }

    /** Accepts connections on 127.0.0.1 (from a given factory: plain or TLS), a thread per session. */
    abstract static class LineServer implements AutoCloseable {
        private final ServerSocket listener;

        LineServer(ServerSocketFactory factory) throws IOException {
            listener = factory.createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread t = new Thread(this::acceptLoop, getClass().getSimpleName());
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void acceptLoop() {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    Thread t = new Thread(() -> {
                        try (s) {
                            s.setSoTimeout(30_000);
                            session(s, s.getInputStream(), s.getOutputStream());
                        } catch (IOException e) {
                            // the client went away
                        }
                    }, getClass().getSimpleName() + "-session");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    // listener closed
                }
            }
        }

        abstract void session(Socket s, InputStream in, OutputStream out) throws IOException;

        static void say(OutputStream out, String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    /** NNTP: one group "pysock.test" with articles 1..n; POST appends. */
    static final class Nntp extends LineServer {
        final List<String> articles = new CopyOnWriteArrayList<>();
        /** The server names (SNI) TLS clients asked for. */
        final List<String> serverNames = new CopyOnWriteArrayList<>();

        Nntp(ServerSocketFactory factory) throws IOException {
            super(factory);
            post("From: alice@localhost\r\nNewsgroups: pysock.test\r\nSubject: first post\r\n"
                    + "Message-ID: <1@pysock.test>\r\nDate: Tue, 01 Jan 2030 00:00:00 +0000\r\n\r\n"
                    + "hello news\r\n.dot-started line\r\n");
        }

        private void post(String article) {
            articles.add(article);
        }

        @Override
        void session(Socket s, InputStream raw, OutputStream out) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8));
            if (s instanceof SSLSocket tls && tls.getSession() instanceof ExtendedSSLSession session) {
                for (SNIServerName name : session.getRequestedServerNames()) {
                    if (name instanceof SNIHostName host) {
                        serverNames.add(host.getAsciiName());
                    }
                }
            }
            say(out, "200 pysock test news server ready, posting allowed\r\n");
            int current = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] w = line.trim().split("\\s+");
                String cmd = w[0].toUpperCase();
                int n = articles.size();
                switch (cmd) {
                    case "CAPABILITIES" -> say(out, "101 Capability list:\r\nVERSION 2\r\nREADER\r\nPOST\r\n"
                            + "OVER\r\nLIST ACTIVE\r\n.\r\n");
                    case "MODE" -> say(out, "200 reader mode, posting allowed\r\n");
                    case "LIST" -> {
                        if (w.length > 1 && !w[1].equalsIgnoreCase("ACTIVE")) {
                            say(out, "503 not supported\r\n");
                        } else {
                            say(out, "215 list of newsgroups follows\r\npysock.test " + n + " 1 y\r\n.\r\n");
                        }
                    }
                    case "GROUP" -> {
                        if (w.length > 1 && w[1].equals("pysock.test")) {
                            current = 1;
                            say(out, "211 " + n + " 1 " + n + " pysock.test\r\n");
                        } else {
                            say(out, "411 no such newsgroup\r\n");
                        }
                    }
                    case "ARTICLE", "HEAD", "BODY", "STAT" -> {
                        int a = w.length > 1 ? Integer.parseInt(w[1]) : current;
                        if (a < 1 || a > n) {
                            say(out, "423 no article with that number\r\n");
                            break;
                        }
                        current = a;
                        String art = articles.get(a - 1);
                        String id = "<" + a + "@pysock.test>";
                        int split = art.indexOf("\r\n\r\n");
                        String part = switch (cmd) {
                            case "HEAD" -> art.substring(0, split + 2);
                            case "BODY" -> art.substring(split + 4);
                            default -> art;
                        };
                        int code = switch (cmd) {
                            case "ARTICLE" -> 220;
                            case "HEAD" -> 221;
                            case "BODY" -> 222;
                            default -> 223;
                        };
                        say(out, code + " " + a + " " + id + "\r\n" + (cmd.equals("STAT") ? "" : dotted(part) + ".\r\n"));
                    }
                    case "OVER", "XOVER" -> {
                        String[] range = (w.length > 1 ? w[1] : current + "").split("-", -1);
                        int from = Integer.parseInt(range[0]);
                        int to = range.length == 1 ? from : range[1].isEmpty() ? n : Integer.parseInt(range[1]);
                        StringBuilder sb = new StringBuilder("224 overview information follows\r\n");
                        for (int a = Math.max(1, from); a <= Math.min(n, to); a++) {
                            String art = articles.get(a - 1);
                            sb.append(a).append('\t').append(header(art, "Subject")).append('\t')
                                    .append(header(art, "From")).append('\t').append(header(art, "Date")).append('\t')
                                    .append('<').append(a).append("@pysock.test>\t\t").append(art.length())
                                    .append('\t').append(art.split("\r\n").length).append("\r\n");
                        }
                        say(out, sb + ".\r\n");
                    }
                    case "POST" -> {
                        say(out, "340 send article to be posted, end with <CR-LF>.<CR-LF>\r\n");
                        StringBuilder art = new StringBuilder();
                        for (String l = in.readLine(); l != null && !l.equals("."); l = in.readLine()) {
                            art.append(l.startsWith("..") ? l.substring(1) : l).append("\r\n");
                        }
                        post(art.toString());
                        say(out, "240 article received OK\r\n");
                    }
                    case "DATE" -> say(out, "111 20300101000000\r\n");
                    case "QUIT" -> {
                        say(out, "205 closing connection\r\n");
                        return;
                    }
                    default -> say(out, "500 unknown command\r\n");
                }
            }
        }

        private static String header(String art, String name) {
            for (String l : art.split("\r\n")) {
                if (l.isEmpty()) {
                    break;
                }
                if (l.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return l.substring(name.length() + 1).trim();
                }
            }
            return "";
        }

        private static String dotted(String text) {
            StringBuilder sb = new StringBuilder();
            for (String l : text.split("\r\n", -1)) {
                sb.append(l.startsWith(".") ? "." + l : l).append("\r\n");
            }
            // split leaves one empty element after the last CRLF
            return sb.substring(0, sb.length() - 2);
        }
    }

    /**
     * Telnet: offers WILL ECHO and WILL SUPPRESS-GO-AHEAD and records the client's answers, asks for
     * a login and password, then runs "echo", "bytes" (sends a 0xFF data byte, escaped as IAC IAC) and "exit".
     */
    static final class Telnet extends LineServer {
        static final int IAC = 255;
        static final int WILL = 251;
        static final int WONT = 252;
        static final int DO = 253;
        static final int DONT = 254;
        static final int ECHO = 1;
        static final int SGA = 3;
        /** The client's negotiation answers, e.g. "DONT 1". */
        final List<String> answers = new CopyOnWriteArrayList<>();

        Telnet() throws IOException {
            super(ServerSocketFactory.getDefault());
        }

        @Override
        void session(Socket s, InputStream in, OutputStream out) throws IOException {
            out.write(new byte[] {(byte) IAC, (byte) WILL, ECHO, (byte) IAC, (byte) WILL, SGA});
            say(out, "pysock test telnet\r\nlogin: ");
            String user = readLine(in);
            say(out, "\r\nPassword: ");
            String password = readLine(in);
            if (!"bob".equals(user) || !"secret".equals(password)) {
                say(out, "\r\nLogin incorrect\r\n");
                return;
            }
            say(out, "\r\nWelcome, bob\r\n$ ");
            for (int i = 0; i < 20; i++) {
                String line = readLine(in);
                if (line == null || line.equals("exit")) {
                    say(out, "logout\r\n");
                    return;
                }
                if (line.startsWith("echo ")) {
                    say(out, line.substring(5) + "\r\n$ ");
                } else if (line.equals("bytes")) {
                    out.write(new byte[] {'<', (byte) IAC, (byte) IAC, '>', '\r', '\n'});
                    say(out, "$ ");
                } else {
                    say(out, line + ": command not found\r\n$ ");
                }
            }
        }

        /** Reads a line of data, answering nothing but recording the client's option commands. */
        private String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int i = 0; i < 10_000; i++) {
                int b = in.read();
                if (b < 0) {
                    return line.size() > 0 ? line.toString(StandardCharsets.UTF_8) : null;
                }
                if (b == IAC) {
                    int cmd = in.read();
                    if (cmd == IAC) {
                        line.write(IAC);
                    } else if (cmd >= WILL && cmd <= DONT) {
                        int opt = in.read();
                        String[] names = {"WILL", "WONT", "DO", "DONT"};
                        answers.add(names[cmd - WILL] + " " + opt);
                    }
                    continue;
                }
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8).replace("\r", "");
                }
                if (b != 0) {
                    line.write(b);
                }
            }
            return null;
        }
    }

    /** Gopher: a root menu, a sub-menu and a text file; every selector answered as RFC 1436 says. */
    static final class Gopher extends LineServer {
        final List<String> selectors = new CopyOnWriteArrayList<>();

        Gopher() throws IOException {
            super(ServerSocketFactory.getDefault());
        }

        @Override
        void session(Socket s, InputStream in, OutputStream out) throws IOException {
            String selector = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            selectors.add(selector);
            String host = "127.0.0.1\t" + port();
            List<String> lines = new ArrayList<>();
            switch (selector == null ? "" : selector) {
                case "", "/" -> {
                    lines.add("iWelcome to the pysock gopher\tfake\t(NULL)\t0");
                    lines.add("0About this server\t/about.txt\t" + host);
                    lines.add("1Documents\t/docs\t" + host);
                    lines.add("7Search\t/search\t" + host);
                }
                case "/docs" -> lines.add("0Protocol notes\t/docs/notes.txt\t" + host);
                case "/about.txt" -> {
                    lines.add("pysock gopher server");
                    lines.add(".a line starting with a dot");
                }
                case "/docs/notes.txt" -> lines.add("RFC 1436");
                default -> {
                    if (selector.startsWith("/search\t")) {
                        lines.add("0Result for " + selector.substring(8) + "\t/about.txt\t" + host);
                    } else {
                        lines.add("3'" + selector + "' does not exist\terror\terror.host\t1");
                    }
                }
            }
            StringBuilder sb = new StringBuilder();
            for (String l : lines) {
                sb.append(l.startsWith(".") ? "." + l : l).append("\r\n");
            }
            say(out, sb + ".\r\n");
        }
    }
}
