package io.pysock.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/** Real protocol servers on 127.0.0.1 for the Internet-module tests, started once per test class. */
final class ProtocolPeers {
    static final String USER = "bob";
    static final String PASSWORD = "secret";

    private ProtocolPeers() {
    }

    /** The JDK's HttpServer (and HttpsServer when given a context): /hello and /RPC2 (xmlrpc: sum of ints). */
    static HttpServer http(SSLContext tls) throws IOException {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        HttpServer server;
        if (tls == null) {
            server = HttpServer.create(any, 0);
        } else {
            HttpsServer https = HttpsServer.create(any, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/hello", ex -> {
            byte[] in = ex.getRequestBody().readAllBytes();
            if (!ex.getRequestURI().getPath().equals("/hello")) {
                reply(ex, 404, "text/plain", "not found");
                return;
            }
            String text = "GET".equals(ex.getRequestMethod())
                    ? "hello " + ex.getRequestURI().getQuery() + " " + ex.getRequestHeaders().getFirst("X-Test")
                    : "got " + in.length + " bytes";
            reply(ex, 200, "text/plain; charset=utf-8", text);
        });
        server.createContext("/RPC2", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("<(?:int|i4)>(-?\\d+)</(?:int|i4)>").matcher(body);
            long sum = 0;
            while (m.find()) {
                sum += Long.parseLong(m.group(1));
            }
            String method = body.replaceAll("(?s).*<methodName>([^<]*)</methodName>.*", "$1");
            String value = "sum".equals(method) ? "<int>" + sum + "</int>" : "<string>no method " + method + "</string>";
            reply(ex, 200, "text/xml", "<?xml version=\"1.0\"?>\n<methodResponse><params><param><value>" + value
                    + "</value></param></params></methodResponse>\n");
        });
        server.start();
        return server;
    }

    private static void reply(HttpExchange ex, int status, String type, String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }

    /** GreenMail: SMTP, SMTPS, POP3, POP3S, IMAP, IMAPS on dynamic ports, user bob/secret. */
    static GreenMail mail() {
        ServerSetup[] setups = ServerSetup.dynamicPort(ServerSetupTest.ALL);
        GreenMail mail = new GreenMail(setups);
        mail.start();
        mail.setUser("bob@localhost", USER, PASSWORD);
        return mail;
    }

    /** Apache FtpServer on 127.0.0.1 (explicit FTPS when a keystore is given), user bob/secret writing to home. */
    static FtpServer ftp(Path home, int port, Path keystore, String storePassword) throws Exception {
        FtpServerFactory sf = new FtpServerFactory();
        ListenerFactory lf = new ListenerFactory();
        lf.setServerAddress("127.0.0.1");
        lf.setPort(port);
        DataConnectionConfigurationFactory dc = new DataConnectionConfigurationFactory();
        dc.setPassiveAddress("127.0.0.1");
        dc.setPassiveExternalAddress("127.0.0.1");
        if (keystore != null) {
            SslConfigurationFactory ssl = new SslConfigurationFactory();
            ssl.setKeystoreFile(keystore.toFile());
            ssl.setKeystorePassword(storePassword);
            ssl.setKeystoreType("PKCS12");
            lf.setSslConfiguration(ssl.createSslConfiguration());
            dc.setSslConfiguration(ssl.createSslConfiguration());
            lf.setImplicitSsl(false);
        }
        lf.setDataConnectionConfiguration(dc.createDataConnectionConfiguration());
        sf.addListener("default", lf.createListener());
        PropertiesUserManagerFactory umf = new PropertiesUserManagerFactory();
        umf.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        Path users = home.resolve("users.properties");
        Files.writeString(users, "");
        umf.setFile(users.toFile());
        UserManager um = umf.createUserManager();
        BaseUser u = new BaseUser();
        u.setName(USER);
        u.setPassword(PASSWORD);
        Path dir = Files.createDirectories(home.resolve("ftp-home"));
        u.setHomeDirectory(dir.toString());
        u.setAuthorities(List.of(new WritePermission()));
        um.save(u);
        sf.setUserManager(um);
        FtpServer server = sf.createServer();
        server.start();
        return server;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
