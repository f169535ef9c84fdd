package io.sluice.sources.net.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Settings;
import io.sluice.api.config.SettingsProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The server-side TLS keys Flume's network sources share (spec §3.4) and the Netty context built
 * from them. Key store, password and type fall back to the JVM's {@code javax.net.ssl.*} properties
 * and then to Flume's {@code FLUME_SSL_*} environment variables; the protocol and cipher lists fall
 * back to {@code flume.ssl.*} properties (comma-separated) and their environment variables. The
 * enabled set is the included one (all the JVM supports when empty) minus the excluded one, and
 * SSLv3 is always excluded. There is no client-certificate authentication, as in Flume.
 *
 * <p>Validation loads the key store, so a wrong path or password refuses start-up instead of failing
 * at the first connection. Stateless; thread-safe.
 */
public final class ServerTls {
    public static final ConfigKey<Boolean> SSL = ConfigKey.bool("ssl").defaultValue(false)
            .doc("Accept TLS connections only.");
    public static final ConfigKey<String> KEYSTORE = ConfigKey.string("keystore")
            .doc("Key store file with the server's key and certificate; required with ssl unless the JVM property "
                    + "javax.net.ssl.keyStore or FLUME_SSL_KEYSTORE_PATH gives one.");
    public static final ConfigKey<String> KEYSTORE_PASSWORD = ConfigKey.string("keystore-password")
            .doc("Password of the key store (else javax.net.ssl.keyStorePassword or FLUME_SSL_KEYSTORE_PASSWORD).");
    public static final ConfigKey<String> KEYSTORE_TYPE = ConfigKey.string("keystore-type")
            .defaultDescribedAs("javax.net.ssl.keyStoreType, FLUME_SSL_KEYSTORE_TYPE, else JKS")
            .doc("Key store type, e.g. JKS or PKCS12.");
    public static final ConfigKey<List<String>> EXCLUDE_PROTOCOLS = ConfigKey.list("exclude-protocols")
            .defaultDescribedAs("SSLv3")
            .doc("Space-separated TLS protocols to refuse; SSLv3 is always refused.");
    public static final ConfigKey<List<String>> INCLUDE_PROTOCOLS = ConfigKey.list("include-protocols")
            .doc("Space-separated TLS protocols to allow; all the JVM enables when not set.");
    public static final ConfigKey<List<String>> EXCLUDE_CIPHER_SUITES = ConfigKey.list("exclude-cipher-suites")
            .doc("Space-separated cipher suites to refuse.");
    public static final ConfigKey<List<String>> INCLUDE_CIPHER_SUITES = ConfigKey.list("include-cipher-suites")
            .doc("Space-separated cipher suites to allow; all the JVM enables when not set.");

    /** The keys, in the order the reference lists them. */
    public static final List<ConfigKey<?>> KEYS = List.of(SSL, KEYSTORE, KEYSTORE_PASSWORD, KEYSTORE_TYPE,
            EXCLUDE_PROTOCOLS, INCLUDE_PROTOCOLS, EXCLUDE_CIPHER_SUITES, INCLUDE_CIPHER_SUITES);

    /** Where the values come from once aliases and global settings are resolved. */
    public record Options(boolean enabled, String keystore, String password, String type, List<String> includeProtocols,
                          List<String> excludeProtocols, List<String> includeCiphers, List<String> excludeCiphers) {
    }

    private ServerTls() {
    }

    /**
     * Resolves the TLS options from a source's settings. {@code enabledOverride},
     * {@code passwordOverride} and {@code excludeOverride} carry deprecated alias keys (HTTP's
     * {@code enableSSL}, {@code keystorePassword}, {@code excludeProtocols}), used only when the
     * main key is absent; pass null when the source has none.
     */
    public static Options options(Settings s, Boolean enabledOverride, String passwordOverride,
                                  List<String> excludeOverride) {
        boolean enabled = s.isSet(SSL) || enabledOverride == null ? s.get(SSL) : enabledOverride;
        String keystore = firstNonBlank(s.get(KEYSTORE), global("javax.net.ssl.keyStore", "FLUME_SSL_KEYSTORE_PATH"));
        String password = firstNonBlank(s.isSet(KEYSTORE_PASSWORD) ? s.get(KEYSTORE_PASSWORD) : passwordOverride,
                global("javax.net.ssl.keyStorePassword", "FLUME_SSL_KEYSTORE_PASSWORD"));
        String type = firstNonBlank(s.get(KEYSTORE_TYPE), global("javax.net.ssl.keyStoreType", "FLUME_SSL_KEYSTORE_TYPE"));
        List<String> exclude = s.isSet(EXCLUDE_PROTOCOLS) ? s.get(EXCLUDE_PROTOCOLS)
                : excludeOverride != null ? excludeOverride
                : globalList("flume.ssl.exclude.protocols", "FLUME_SSL_EXCLUDE_PROTOCOLS");
        List<String> include = s.isSet(INCLUDE_PROTOCOLS) ? s.get(INCLUDE_PROTOCOLS)
                : globalList("flume.ssl.include.protocols", "FLUME_SSL_INCLUDE_PROTOCOLS");
        List<String> excludeCiphers = s.isSet(EXCLUDE_CIPHER_SUITES) ? s.get(EXCLUDE_CIPHER_SUITES)
                : globalList("flume.ssl.exclude.cipherSuites", "FLUME_SSL_EXCLUDE_CIPHERSUITES");
        List<String> includeCiphers = s.isSet(INCLUDE_CIPHER_SUITES) ? s.get(INCLUDE_CIPHER_SUITES)
                : globalList("flume.ssl.include.cipherSuites", "FLUME_SSL_INCLUDE_CIPHERSUITES");
        return new Options(enabled, keystore, password, type == null ? "JKS" : type, include, exclude, includeCiphers,
                excludeCiphers);
    }

    /** Problems that would stop TLS from working, reported against the key to fix; none when TLS is off. */
    public static List<SettingsProblem> check(Options o) {
        if (!o.enabled()) {
            return List.of();
        }
        List<SettingsProblem> problems = new ArrayList<>();
        if (o.keystore() == null) {
            problems.add(new SettingsProblem(KEYSTORE.name(), "is required when ssl = true (or set javax.net.ssl.keyStore)"));
        }
        if (o.password() == null) {
            problems.add(new SettingsProblem(KEYSTORE_PASSWORD.name(),
                    "is required when ssl = true (or set javax.net.ssl.keyStorePassword)"));
        }
        if (problems.isEmpty()) {
            try {
                build(o);
            } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                problems.add(new SettingsProblem(KEYSTORE.name(), "cannot use key store " + o.keystore() + " (type "
                        + o.type() + "): " + e.getMessage()));
            }
        }
        return problems;
    }

    /** The server context, or null when TLS is off. */
    public static SslContext build(Options o) throws IOException, GeneralSecurityException {
        if (!o.enabled()) {
            return null;
        }
        KeyStore ks = KeyStore.getInstance(o.type());
        char[] password = o.password().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(o.keystore()))) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLParameters supported = SSLContext.getDefault().getSupportedSSLParameters();
        SSLParameters defaults = SSLContext.getDefault().getDefaultSSLParameters();
        List<String> protocols = enabled(o.includeProtocols(), defaults.getProtocols(), supported.getProtocols(),
                o.excludeProtocols(), "SSLv3");
        List<String> ciphers = enabled(o.includeCiphers(), defaults.getCipherSuites(), supported.getCipherSuites(),
                o.excludeCiphers(), null);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no TLS protocol left to enable (include-protocols "
                    + o.includeProtocols() + ", exclude-protocols " + o.excludeProtocols() + ")");
        }
        if (ciphers.isEmpty()) {
            throw new IllegalArgumentException("no cipher suite left to enable (include-cipher-suites "
                    + o.includeCiphers() + ", exclude-cipher-suites " + o.excludeCiphers() + ")");
        }
        return SslContextBuilder.forServer(kmf)
                .sslProvider(SslProvider.JDK)
                .protocols(protocols)
                .ciphers(ciphers)
                .build();
    }

    private static List<String> enabled(List<String> include, String[] defaults, String[] supported, List<String> exclude,
                                        String alwaysExcluded) {
        Set<String> out = new LinkedHashSet<>();
        if (include.isEmpty()) {
            out.addAll(Arrays.asList(defaults));
        } else {
            Set<String> known = Set.of(supported);
            for (String name : include) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException(name + " is not supported by this JVM");
                }
                out.add(name);
            }
        }
        out.removeAll(exclude);
        if (alwaysExcluded != null) {
            out.remove(alwaysExcluded);
        }
        return new ArrayList<>(out);
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }

    private static String global(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v;
    }

    private static List<String> globalList(String property, String env) {
        String v = global(property, env);
        if (v == null) {
            return List.of();
        }
        return Arrays.stream(v.split("[,\\s]+")).filter(w -> !w.isEmpty()).toList();
    }
}
