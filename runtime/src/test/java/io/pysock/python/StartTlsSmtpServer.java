package io.pysock.python;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP server (RFC 5321 subset) with STARTTLS (RFC 3207) and AUTH PLAIN, for smtplib's
 * {@code starttls()}: GreenMail has no STARTTLS. TLS is JSSE's, layered over the accepted socket.
 */
final class StartTlsSmtpServer implements AutoCloseable {
    private final ServerSocket listener;
    private final SSLContext tls;
    private final Thread thread;
    /** Each delivered message: "FROM|TO|data" with dot-stuffing undone. */
    final List<String> delivered = new CopyOnWriteArrayList<>();
    /** What each session saw, e.g. "tls=true auth=bob". */
    final List<String> sessions = new CopyOnWriteArrayList<>();

    StartTlsSmtpServer(SSLContext tls) throws IOException {
        this.tls = tls;
        this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.thread = new Thread(this::serve, "starttls-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(30_000);
                session(s);
            } catch (IOException e) {
                // a client gone away, or the listener closed
            }
        }
    }

    private void session(Socket plain) throws IOException {
        Socket s = plain;
        BufferedReader in = reader(s);
        OutputStream out = s.getOutputStream();
        boolean secure = false;
        String user = null;
        String from = null;
        String to = null;
        say(out, "220 localhost ESMTP pysock test server");
        for (int i = 0; i < 100; i++) {
            String line = in.readLine();
            if (line == null) {
                return;
            }
            String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
            switch (cmd) {
                case "EHLO" -> say(out, "250-localhost\r\n250-8BITMIME\r\n"
                        + (secure ? "250 AUTH PLAIN" : "250 STARTTLS"));
                case "HELO" -> say(out, "250 localhost");
                case "STAR" -> {
                    if (secure) {
                        say(out, "503 already secure");
                        break;
                    }
                    say(out, "220 ready to start TLS");
                    SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(s, "localhost", s.getPort(), true);
                    t.setUseClientMode(false);
                    t.startHandshake();
                    s = t;
                    in = reader(s);
                    out = s.getOutputStream();
                    secure = true;
                    from = to = null; // RFC 3207: forget everything from before TLS
                }
                case "AUTH" -> {
                    String[] parts = line.split(" ");
                    String[] creds = new String(Base64.getDecoder().decode(parts[2]), StandardCharsets.UTF_8)
                            .split("\0");
                    if (secure && creds.length == 3 && creds[1].equals("bob") && creds[2].equals("secret")) {
                        user = creds[1];
                        say(out, "235 2.7.0 Authentication successful");
                    } else {
                        say(out, "535 5.7.8 Authentication credentials invalid");
                    }
                }
                case "MAIL" -> {
                    from = line.substring(line.indexOf(':') + 1).trim();
                    say(out, user == null ? "530 5.7.0 Authentication required" : "250 OK");
                }
                case "RCPT" -> {
                    to = line.substring(line.indexOf(':') + 1).trim();
                    say(out, "250 OK");
                }
                case "DATA" -> {
                    say(out, "354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder data = new StringBuilder();
                    for (String l = in.readLine(); l != null && !l.equals("."); l = in.readLine()) {
                        data.append(l.startsWith(".") ? l.substring(1) : l).append('\n');
                    }
                    delivered.add(from + "|" + to + "|" + data);
                    say(out, "250 OK queued");
                }
                case "QUIT" -> {
                    sessions.add("tls=" + secure + " auth=" + user);
                    say(out, "221 bye");
                    return;
                }
                default -> say(out, "502 command not implemented");
            }
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
