package io.pysock.python;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA and a server certificate for localhost / 127.0.0.1 it signed, made with the JDK's
 * keytool: PKCS12 for Java servers, PEM files for Python's {@code cafile}/{@code load_cert_chain}.
 */
record TestCerts(Path dir, Path caPem, Path serverP12, Path serverCertPem, Path serverKeyPem, String password) {

    static TestCerts create(Path dir) throws Exception {
        String pw = "changeit";
        Path ca = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=pysock test CA", "-ext", "bc:c", "-keystore", ca, "-storetype", "PKCS12",
                "-storepass", pw);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=localhost", "-keystore", server, "-storetype", "PKCS12", "-storepass", pw);
        Path csr = dir.resolve("server.csr");
        keytool("-certreq", "-alias", "server", "-keystore", server, "-storepass", pw, "-file", csr);
        Path crt = dir.resolve("server.crt");
        keytool("-gencert", "-alias", "ca", "-keystore", ca, "-storepass", pw, "-infile", csr, "-outfile", crt,
                "-rfc", "-validity", "30", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "KU=digitalSignature",
                "-ext", "EKU=serverAuth,clientAuth");
        Path caPem = dir.resolve("ca.pem");
        keytool("-exportcert", "-alias", "ca", "-keystore", ca, "-storepass", pw, "-rfc", "-file", caPem);
        keytool("-importcert", "-alias", "ca", "-keystore", server, "-storepass", pw, "-file", caPem, "-noprompt");
        keytool("-importcert", "-alias", "server", "-keystore", server, "-storepass", pw, "-file", crt);

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(server)) {
            ks.load(in, pw.toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("server", pw.toCharArray());
        Path keyPem = dir.resolve("server-key.pem");
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
        StringBuilder chain = new StringBuilder();
        for (Certificate c : ks.getCertificateChain("server")) {
            chain.append(pem("CERTIFICATE", c.getEncoded()));
        }
        Path certPem = dir.resolve("server-cert.pem");
        Files.writeString(certPem, chain.toString());
        return new TestCerts(dir, caPem, server, certPem, keyPem, pw);
    }

    /** A server-side SSLContext with the server certificate (and the CA as trust, for client certificates). */
    SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverP12)) {
            ks.load(in, password.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static String pem(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    private static void keytool(Object... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        for (Object a : args) {
            cmd.add(a.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool timed out: " + cmd);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed: " + cmd + "\n" + out);
        }
    }
}
