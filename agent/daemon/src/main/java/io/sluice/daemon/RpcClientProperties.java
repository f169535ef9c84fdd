package io.sluice.daemon;

import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Settings;
import io.sluice.rpc.RpcClientConfig;
import io.sluice.sinks.avro.AvroSink;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A Flume RPC client properties file, as {@code flume-ng avro-client -P} and Flume's
 * {@code RpcClientFactory} read it: the Avro sink's keys (batch-size, timeouts, compression, TLS;
 * parsed and checked by the sink's own declarations) plus {@code client.type}, {@code hosts},
 * {@code hosts.<h>} and the failover and load-balancing keys. {@code default} sends to the first
 * host; {@code default_failover} and {@code default_loadbalance} to every listed host, the former in
 * order, the latter in turn, each moving on to the next host when one fails. Thrift and custom
 * client classes are refused, as is any key Flume's client would not know.
 */
record RpcClientProperties(String clientType, List<RpcClientConfig> hosts, int batchSize, int maxAttempts) {

    private static final Set<String> CLIENT_TYPES = Set.of("default", "default_failover", "default_loadbalance");
    /** Keys of the RPC client that are not the Avro sink's: how hosts are listed and chosen. */
    private static final Set<String> CLIENT_KEYS = Set.of("client.type", "hosts", "max-attempts", "backoff",
            "maxBackoff", "host-selector");
    /** The sink's keys that name its one destination; -P lists hosts instead. */
    private static final Set<String> SINK_ONLY_KEYS = Set.of("hostname", "port");

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
        Settings sink = sinkSettings(p, where);
        String type = p.getProperty("client.type", "default").trim().toLowerCase(Locale.ROOT);
        if (!CLIENT_TYPES.contains(type)) {
            throw new IllegalArgumentException(where + ": client.type = " + type + ": Sluice's avro-client speaks "
                    + String.join(", ", CLIENT_TYPES.stream().sorted().toList()) + " (no thrift or custom clients)");
        }
        String aliases = p.getProperty("hosts", "").trim();
        if (aliases.isEmpty()) {
            throw new IllegalArgumentException(where + ": hosts is required (e.g. hosts = h1, hosts.h1 = host:port)");
        }
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
            hosts.add(AvroSink.clientConfig(address.trim().substring(0, colon), port, sink, sys, env));
            if (type.equals("default")) {
                break; // Flume's default client uses the first host only
            }
        }
        int maxAttempts = hosts.size();
        String attempts = p.getProperty("max-attempts");
        if (attempts != null) {
            try {
                maxAttempts = ConfigKey.integer("max-attempts").parse(attempts.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": max-attempts = " + attempts + ": " + e.getMessage(), e);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException(where + ": max-attempts = " + attempts + ": must be at least 1");
            }
        }
        return new RpcClientProperties(type, List.copyOf(hosts), sink.require(AvroSink.BATCH_SIZE), maxAttempts);
    }

    /** The file's Avro sink keys, parsed and checked as the sink's declarations say. */
    private static Settings sinkSettings(Properties p, String where) {
        Map<String, ConfigKey<?>> keys = AvroSink.SPEC.keys();
        Map<String, Object> parsed = new HashMap<>();
        Map<String, String> raw = new HashMap<>();
        for (String name : p.stringPropertyNames()) {
            if (CLIENT_KEYS.contains(name) || name.startsWith("hosts.")) {
                continue;
            }
            ConfigKey<?> key = SINK_ONLY_KEYS.contains(name) ? null : keys.get(name);
            if (key == null) {
                throw new IllegalArgumentException(where + ": unknown key '" + name + "'");
            }
            String value = p.getProperty(name);
            try {
                parsed.put(name, key.parse(value.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + name + " = " + value + ": " + e.getMessage(), e);
            }
            raw.put(name, value);
        }
        return new Settings(parsed, raw);
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
