package io.sluice.daemon;

import io.sluice.rpc.RpcClientConfig;
import io.sluice.rpc.TlsConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A Flume RPC client properties file, as {@code flume-ng avro-client -P} and Flume's
 * {@code RpcClientFactory} read it (the same keys as the Avro sink, plus {@code client.type} and
 * {@code hosts}): which hosts, in which order, and how to talk to them. {@code default} sends to the
 * first host; {@code default_failover} and {@code default_loadbalance} to every listed host, the
 * former in order, the latter in turn, each moving on to the next host when one fails. Thrift and
 * custom client classes are refused, as is any key Flume's client would not know.
 */
record RpcClientProperties(String clientType, List<RpcClientConfig> hosts, int batchSize, int maxAttempts) {

    private static final Set<String> CLIENT_TYPES = Set.of("default", "default_failover", "default_loadbalance");
    private static final Set<String> KEYS = Set.of("client.type", "hosts", "batch-size", "connect-timeout",
            "request-timeout", "compression-type", "compression-level", "ssl", "trust-all-certs", "truststore",
            "truststore-password", "truststore-type", "exclude-protocols", "include-protocols", "exclude-cipher-suites",
            "include-cipher-suites", "max-attempts", "backoff", "maxBackoff", "host-selector", "maxIoWorkers");

    boolean balances() {
        return clientType.equals("default_loadbalance");
    }

    static RpcClientProperties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return parse(p, file.toString(), System.getProperties(), System.getenv());
    }

    /** Throws IllegalArgumentException naming the file and key of the first problem. */
    static RpcClientProperties parse(Properties p, String where, Properties sys, Map<String, String> env) {
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key) && !key.startsWith("hosts.")) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "'");
            }
        }
        String type = p.getProperty("client.type", "default").trim().toLowerCase(Locale.ROOT);
        if (!CLIENT_TYPES.contains(type)) {
            throw new IllegalArgumentException(where + ": client.type = " + type + ": Sluice's avro-client speaks "
                    + String.join(", ", CLIENT_TYPES.stream().sorted().toList()) + " (no thrift or custom clients)");
        }
        String aliases = p.getProperty("hosts", "").trim();
        if (aliases.isEmpty()) {
            throw new IllegalArgumentException(where + ": hosts is required (e.g. hosts = h1, hosts.h1 = host:port)");
        }
        int connectTimeout = number(p, where, "connect-timeout", 20_000, 1);
        int requestTimeout = number(p, where, "request-timeout", 20_000, 1);
        String compression = p.getProperty("compression-type", "none").trim().toLowerCase(Locale.ROOT);
        if (!compression.equals("none") && !compression.equals("deflate")) {
            throw new IllegalArgumentException(where + ": compression-type = " + compression + ": none or deflate");
        }
        int deflateLevel = compression.equals("deflate") ? number(p, where, "compression-level", 6, 0) : -1;
        if (deflateLevel > 9) {
            throw new IllegalArgumentException(where + ": compression-level must be from 0 to 9");
        }
        TlsConfig tls = bool(p, "ssl") ? TlsConfig.resolve(TlsConfig.Side.CLIENT, p.getProperty("truststore"),
                p.getProperty("truststore-password"), p.getProperty("truststore-type"), bool(p, "trust-all-certs"), true,
                p.getProperty("include-protocols"), p.getProperty("exclude-protocols"),
                p.getProperty("include-cipher-suites"), p.getProperty("exclude-cipher-suites"), sys, env) : null;
        List<RpcClientConfig> hosts = new ArrayList<>();
        for (String alias : aliases.split("\\s+")) {
            String address = p.getProperty("hosts." + alias);
            if (address == null) {
                throw new IllegalArgumentException(where + ": hosts names '" + alias + "' but hosts." + alias + " is not set");
            }
            int colon = address.trim().lastIndexOf(':');
            int port = colon < 0 ? -1 : parsePort(address.trim().substring(colon + 1));
            if (colon <= 0 || port < 1) {
                throw new IllegalArgumentException(where + ": hosts." + alias + " = " + address + ": expected host:port");
            }
            hosts.add(new RpcClientConfig(address.trim().substring(0, colon), port, connectTimeout, requestTimeout,
                    deflateLevel, tls, RpcClientConfig.DEFAULT_MAX_REPLY_BYTES));
            if (type.equals("default")) {
                break; // Flume's default client uses the first host only
            }
        }
        int batchSize = number(p, where, "batch-size", 100, 1);
        int maxAttempts = number(p, where, "max-attempts", hosts.size(), 1);
        return new RpcClientProperties(type, List.copyOf(hosts), batchSize, maxAttempts);
    }

    private static int number(Properties p, String where, String key, int dflt, int min) {
        String text = p.getProperty(key);
        if (text == null) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(text.trim());
            if (v < min) {
                throw new IllegalArgumentException(where + ": " + key + " = " + text + ": must be at least " + min);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + key + " = " + text + ": not a whole number");
        }
    }

    private static boolean bool(Properties p, String key) {
        return Boolean.parseBoolean(p.getProperty(key, "false").trim());
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            return port >= 1 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
