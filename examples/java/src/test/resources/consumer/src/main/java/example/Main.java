package example;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.pysock.embed.PysockRunner;
import io.pysock.embed.RunResult;
import io.pysock.embed.Script;
import io.pysock.net.PySocket;

/** A Java program using pysock from its own Maven build: a Java listener, a Python client, one JVM. */
public class Main {
    public static void main(String[] args) throws Exception {
        try (PySocket listener = PySocket.createServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
             PysockRunner runner = PysockRunner.create()) {
            runner.endpoints().put("server", listener.localAddress());
            var client = runner.start(Script.code(
                    "import socket\nfrom pysock import java\n"
                    + "with socket.create_connection(java.address('server'), timeout=30) as s:\n"
                    + "    s.sendall(b'hello from Python')\n"));
            listener.setTimeout(Duration.ofSeconds(60));
            try (PySocket conn = listener.accept()) {
                conn.setTimeout(Duration.ofSeconds(30));
                String got = new String(conn.recv(100), StandardCharsets.UTF_8);
                RunResult r = client.waitFor(Duration.ofSeconds(60));
                System.out.println("consumer ok: " + got + ", status " + r.exitStatus() + ", jit " + runner.jitEnabled());
            }
        }
    }
}
