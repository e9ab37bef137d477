package io.pysock.python;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Real peers for the third-party library tests: a JDK HTTP/HTTPS server with the routes
 * test_requests.py asks for, and Debian's mosquitto and redis-server started on free loopback
 * ports (never assumed to be running).
 */
final class LibraryPeers {
    /** Where Debian's python3-* packages put their modules. */
    static final Path DIST_PACKAGES = Path.of("/usr/lib/python3/dist-packages");

    private LibraryPeers() {
    }

    /** Null if the Debian package providing {@code module} is installed, else a one-line reason. */
    static String missingPackage(String module, String debianPackage) {
        if (Files.exists(DIST_PACKAGES.resolve(module).resolve("__init__.py"))) {
            return null;
        }
        return debianPackage + " is not installed (" + DIST_PACKAGES.resolve(module)
                + " missing; .ci/run installs it with apt-get)";
    }

    /** Null if {@code program} is on this machine, else a one-line reason. */
    static String missingProgram(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return null;
            }
        }
        for (String dir : List.of("/usr/sbin", "/usr/bin")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return null;
            }
        }
        return program + " is not installed (Debian package " + debianPackage + "; .ci/run installs it with apt-get)";
    }

    static String program(String name) {
        for (String dir : List.of("/usr/sbin", "/usr/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        return name;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A port nothing listens on (bound, then closed): connecting to it is refused. */
    static int closedPort() throws IOException {
        return freePort();
    }

    // ------------------------------------------------------------------ HTTP(S)

    /** The routes of test_requests.py on 127.0.0.1, plain or (with {@code certs}) TLS. */
    static HttpServer http(TestCerts certs) throws Exception {
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        HttpServer s;
        if (certs != null) {
            HttpsServer https = HttpsServer.create(at, 50);
            https.setHttpsConfigurator(new HttpsConfigurator(certs.serverContext()));
            s = https;
        } else {
            s = HttpServer.create(at, 50);
        }
        s.createContext("/", LibraryPeers::route);
        s.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "library-peer-http");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return s;
    }

    private static void route(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/json")) {
                json(ex, 200, "{\"hello\": \"world\", \"n\": 42, \"list\": [1, 2, 3]}");
            } else if (path.equals("/echo")) {
                String type = ex.getRequestHeaders().getFirst("Content-Type");
                json(ex, 200, "{\"method\": " + quote(method) + ", \"type\": " + quote(type)
                        + ", \"length\": " + body.length + ", \"body\": " + quote(decodeBody(body)) + "}");
            } else if (path.startsWith("/redirect/")) {
                int n = Integer.parseInt(path.substring("/redirect/".length()));
                if (n == 0) {
                    text(ex, 200, "arrived by " + method);
                } else {
                    ex.getResponseHeaders().set("Location", "/redirect/" + (n - 1));
                    ex.sendResponseHeaders(302, -1);
                }
            } else if (path.equals("/port")) {
                text(ex, 200, Integer.toString(ex.getRemoteAddress().getPort()));
            } else if (path.equals("/setcookie")) {
                ex.getResponseHeaders().add("Set-Cookie", "flavour=oat; Path=/");
                text(ex, 200, "set");
            } else if (path.equals("/headers")) {
                Map<String, String> seen = new TreeMap<>();
                for (String h : List.of("X-Test", "Cookie", "Accept-Encoding")) {
                    String v = ex.getRequestHeaders().getFirst(h);
                    if (v != null) {
                        seen.put(h, v);
                    }
                }
                StringBuilder b = new StringBuilder("{");
                seen.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(quote(k)).append(": ").append(quote(v)));
                json(ex, 200, b.append('}').toString());
            } else if (path.startsWith("/bytes/")) {
                int n = Integer.parseInt(path.substring("/bytes/".length()));
                byte[] data = new byte[n];
                for (int i = 0; i < n; i++) {
                    data[i] = (byte) ((i * 7) % 251);
                }
                ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(200, 0); // chunked: the client cannot know the size ahead
                try (OutputStream out = ex.getResponseBody()) {
                    for (int off = 0; off < n; off += 8192) {
                        out.write(data, off, Math.min(8192, n - off));
                    }
                }
            } else if (path.equals("/slow")) {
                try {
                    TimeUnit.SECONDS.sleep(3);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                text(ex, 200, "late");
            } else {
                text(ex, 404, "no such page");
            }
        }
    }

    private static String decodeBody(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        send(ex, status, body);
    }

    private static void text(HttpExchange ex, int status, String body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        send(ex, status, body);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    // ------------------------------------------------------------------ brokers

    /** A broker process on a loopback port; stopped (and waited for) on close. */
    record Broker(Process process, int port, Path log) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** mosquitto on 127.0.0.1 only, anonymous clients allowed, no persistence. */
    static Broker mosquitto(Path dir) throws Exception {
        int port = freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        return start(List.of(program("mosquitto"), "-c", conf.toString()), port, dir.resolve("mosquitto.log"));
    }

    /** redis-server on 127.0.0.1 only, nothing saved to disk. */
    static Broker redis(Path dir) throws Exception {
        int port = freePort();
        return start(List.of(program("redis-server"), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "yes"),
                port, dir.resolve("redis.log"));
    }

    private static Broker start(List<String> cmd, int port, Path log) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new AssertionError(cmd.get(0) + " ended at start, status " + p.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new Broker(p, port, log); // it accepts: ready
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new AssertionError(cmd.get(0) + " did not listen on " + port + " within 20 s:\n" + Files.readString(log));
    }
}
