package io.sluice.rpc;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * TLS settings of one Avro endpoint as Flume names them (spec §3.4): a server's keystore, a client's
 * truststore or {@code trust-all-certs}, and protocol and cipher-suite lists (space-separated,
 * {@code SSLv3} always excluded). A key the component does not set falls back to Flume's globals:
 * the {@code javax.net.ssl.*} and {@code flume.ssl.*} system properties, then the
 * {@code FLUME_SSL_*} environment variables. Immutable.
 *
 * @param store          keystore (server) or truststore (client) path; null: none (a client then uses the JDK's CAs)
 * @param storePassword  its password, or null
 * @param storeType      {@code JKS}, {@code PKCS12}, …
 * @param trustAll       client only: accept any server certificate
 * @param verifyHostname client only: check the server certificate names the host connected to
 */
public record TlsConfig(String store, String storePassword, String storeType, boolean trustAll, boolean verifyHostname,
                        List<String> includeProtocols, List<String> excludeProtocols,
                        List<String> includeCipherSuites, List<String> excludeCipherSuites) {

    public TlsConfig {
        includeProtocols = List.copyOf(includeProtocols);
        excludeProtocols = List.copyOf(excludeProtocols);
        includeCipherSuites = List.copyOf(includeCipherSuites);
        excludeCipherSuites = List.copyOf(excludeCipherSuites);
    }

    /** Which global a store key falls back to. */
    public enum Side {
        SERVER("javax.net.ssl.keyStore", "FLUME_SSL_KEYSTORE_PATH", "javax.net.ssl.keyStorePassword",
                "FLUME_SSL_KEYSTORE_PASSWORD", "javax.net.ssl.keyStoreType", "FLUME_SSL_KEYSTORE_TYPE"),
        CLIENT("javax.net.ssl.trustStore", "FLUME_SSL_TRUSTSTORE_PATH", "javax.net.ssl.trustStorePassword",
                "FLUME_SSL_TRUSTSTORE_PASSWORD", "javax.net.ssl.trustStoreType", "FLUME_SSL_TRUSTSTORE_TYPE");

        final String pathProperty;
        final String pathEnv;
        final String passwordProperty;
        final String passwordEnv;
        final String typeProperty;
        final String typeEnv;

        Side(String pathProperty, String pathEnv, String passwordProperty, String passwordEnv, String typeProperty,
             String typeEnv) {
            this.pathProperty = pathProperty;
            this.pathEnv = pathEnv;
            this.passwordProperty = passwordProperty;
            this.passwordEnv = passwordEnv;
            this.typeProperty = typeProperty;
            this.typeEnv = typeEnv;
        }
    }

    /**
     * Settings from component values (null where the component did not set the key) completed from
     * the globals in {@code sys} and {@code env}.
     */
    public static TlsConfig resolve(Side side, String store, String password, String type, boolean trustAll,
                                    boolean verifyHostname, String includeProtocols, String excludeProtocols,
                                    String includeCiphers, String excludeCiphers, Properties sys,
                                    Map<String, String> env) {
        return new TlsConfig(
                first(store, sys.getProperty(side.pathProperty), env.get(side.pathEnv)),
                first(password, sys.getProperty(side.passwordProperty), env.get(side.passwordEnv)),
                first(type, sys.getProperty(side.typeProperty), env.get(side.typeEnv), "JKS"),
                trustAll, verifyHostname,
                words(first(includeProtocols, global(sys, env, "flume.ssl.include.protocols", "FLUME_SSL_INCLUDE_PROTOCOLS"))),
                words(first(excludeProtocols, global(sys, env, "flume.ssl.exclude.protocols", "FLUME_SSL_EXCLUDE_PROTOCOLS"))),
                words(first(includeCiphers, global(sys, env, "flume.ssl.include.cipherSuites", "FLUME_SSL_INCLUDE_CIPHERSUITES"))),
                words(first(excludeCiphers, global(sys, env, "flume.ssl.exclude.cipherSuites", "FLUME_SSL_EXCLUDE_CIPHERSUITES"))));
    }

    /** The protocols to enable out of those the engine supports: included (or all) minus excluded minus SSLv3. */
    public String[] enabledProtocols(String[] supported, String[] defaults) {
        return select(supported, defaults, includeProtocols, excludeProtocols, true);
    }

    public String[] enabledCipherSuites(String[] supported, String[] defaults) {
        return select(supported, defaults, includeCipherSuites, excludeCipherSuites, false);
    }

    private static String[] select(String[] supported, String[] defaults, List<String> include, List<String> exclude,
                                   boolean protocols) {
        List<String> base = include.isEmpty() ? Arrays.asList(defaults)
                : include.stream().filter(Arrays.asList(supported)::contains).toList();
        return base.stream()
                .filter(p -> !exclude.contains(p))
                .filter(p -> !protocols || !p.toUpperCase(Locale.ROOT).equals("SSLV3"))
                .toArray(String[]::new);
    }

    // The flume.ssl.* globals are comma-separated; component keys are space-separated.
    private static String global(Properties sys, Map<String, String> env, String property, String variable) {
        String v = first(sys.getProperty(property), env.get(variable));
        return v == null ? null : v.replace(',', ' ');
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
