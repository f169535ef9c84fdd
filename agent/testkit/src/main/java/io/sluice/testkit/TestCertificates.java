package io.sluice.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for TLS tests, made with the JDK's {@code keytool}: a PKCS12
 * keystore holding the key and a certificate (by default for {@code localhost} and
 * {@code 127.0.0.1}), and a PKCS12 truststore holding that certificate. Nothing is checked in; each
 * test class makes its own.
 */
public record TestCertificates(Path keystore, Path truststore, String password) {
    public static final String PASSWORD = "sluice-test";

    /** Creates both stores in {@code dir} (about a second: three keytool runs). */
    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        return create(dir, "localhost", "SAN=dns:localhost,ip:127.0.0.1");
    }

    /**
     * Stores for a certificate naming only {@code host} (CN and DNS name), e.g. one that does not
     * match the address a test connects to; files are prefixed with {@code host} so several fit in one
     * directory.
     */
    public static TestCertificates forHost(Path dir, String host) throws IOException, InterruptedException {
        return create(dir, host, "SAN=dns:" + host);
    }

    private static TestCertificates create(Path dir, String cn, String san) throws IOException, InterruptedException {
        Path ks = dir.resolve(cn + "-server.p12");
        Path cert = dir.resolve(cn + "-server.crt");
        Path ts = dir.resolve(cn + "-trust.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-dname", "CN=" + cn, "-ext", san,
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "server", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", cert.toString(), "-keystore", ts.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        return new TestCertificates(ks, ts, PASSWORD);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
