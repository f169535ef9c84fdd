package io.sluice.sinks.avro;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.api.BatchSink;
import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
import io.sluice.api.Sink;
import io.sluice.api.SinkContext;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Settings;
import io.sluice.api.config.ValueType;
import io.sluice.rpc.RpcClient;
import io.sluice.rpc.RpcClientConfig;
import io.sluice.rpc.RpcException;
import io.sluice.rpc.SslContexts;
import io.sluice.rpc.TlsConfig;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code avro} sink (spec §8.4, §3): takes up to {@code batch-size} events in one
 * transaction, sends them in one {@code appendBatch} call to the next hop's Avro source (Flume's or
 * Sluice's) and commits only when it answers {@code OK}. On {@code FAILED}, a timeout or a lost
 * connection it rolls back, so the events stay in the channel, and throws; the runner backs off and
 * calls again, and the next call reconnects by itself. It connects before taking from the channel,
 * so while the next hop is down the channel keeps its events untouched.
 *
 * <p>Not thread-safe: {@code process()} is called by one runner thread at a time; {@code stop()}
 * runs after the runner stopped.
 */
public final class AvroSink extends BatchSink {
    private static final Logger LOG = LoggerFactory.getLogger(AvroSink.class);

    public static final ConfigKey<String> HOSTNAME = ConfigKey.string("hostname").required().check(Check.notBlank())
            .doc("Host name or IP address of the next hop's Avro source.");
    public static final ConfigKey<Integer> PORT = ConfigKey.port("port").required()
            .doc("Port of the next hop's Avro source.");
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batch-size").defaultValue(100)
            .check(Check.atLeast(1))
            .doc("Most events taken per transaction and sent per appendBatch call; at most the channel's "
                    + "transactionCapacity and the next hop's.");
    public static final ConfigKey<Integer> CONNECT_TIMEOUT = ConfigKey.integer("connect-timeout").defaultValue(20000)
            .check(Check.atLeast(1000))
            .doc("Milliseconds allowed for connecting (TCP and TLS) and, on a new connection, for the Avro handshake.");
    public static final ConfigKey<Integer> REQUEST_TIMEOUT = ConfigKey.integer("request-timeout").defaultValue(20000)
            .check(Check.atLeast(1000))
            .doc("Milliseconds to wait for the answer to a call; without one the batch is rolled back and resent "
                    + "on a new connection.");
    public static final ConfigKey<Integer> RESET_CONNECTION_INTERVAL = ConfigKey.integer("reset-connection-interval")
            .defaultValue(0).check(Check.atLeast(0))
            .doc("Seconds after which the connection is replaced by a new one before the next batch (lets a load "
                    + "balancer spread sinks again); 0 never.");
    public static final ConfigKey<String> COMPRESSION_TYPE = ConfigKey.of("compression-type",
                    ValueType.oneOf("none", "deflate")).defaultValue("none")
            .doc("deflate compresses the connection (one zlib stream each way); the next hop's source must say "
                    + "deflate too.");
    public static final ConfigKey<Integer> COMPRESSION_LEVEL = ConfigKey.integer("compression-level").defaultValue(6)
            .check(Check.between(0, 9))
            .doc("zlib level of what this sink sends, with compression-type = deflate.");
    public static final ConfigKey<Boolean> SSL = ConfigKey.bool("ssl").defaultValue(false)
            .doc("Connect with TLS.");
    public static final ConfigKey<Boolean> TRUST_ALL_CERTS = ConfigKey.bool("trust-all-certs").defaultValue(false)
            .doc("Accept any server certificate, unchecked (a warning is logged at every connect).");
    public static final ConfigKey<String> TRUSTSTORE = ConfigKey.string("truststore")
            .defaultDescribedAs("-Djavax.net.ssl.trustStore, else $FLUME_SSL_TRUSTSTORE_PATH, else the JDK's CAs")
            .doc("Truststore with the certificates (or CAs) the server's certificate is checked against.");
    public static final ConfigKey<String> TRUSTSTORE_PASSWORD = ConfigKey.string("truststore-password")
            .defaultDescribedAs("-Djavax.net.ssl.trustStorePassword, else $FLUME_SSL_TRUSTSTORE_PASSWORD")
            .doc("Password of the truststore.");
    public static final ConfigKey<String> TRUSTSTORE_TYPE = ConfigKey.string("truststore-type")
            .defaultDescribedAs("-Djavax.net.ssl.trustStoreType, else $FLUME_SSL_TRUSTSTORE_TYPE, else JKS")
            .doc("Truststore format: JKS, PKCS12, ...");
    public static final ConfigKey<String> EXCLUDE_PROTOCOLS = ConfigKey.string("exclude-protocols")
            .defaultDescribedAs("-Dflume.ssl.exclude.protocols, else none")
            .doc("Space-separated TLS protocols not to use; SSLv3 is always excluded.");
    public static final ConfigKey<String> INCLUDE_PROTOCOLS = ConfigKey.string("include-protocols")
            .defaultDescribedAs("-Dflume.ssl.include.protocols, else every protocol the JVM enables")
            .doc("Space-separated TLS protocols to use (minus the excluded ones).");
    public static final ConfigKey<String> EXCLUDE_CIPHER_SUITES = ConfigKey.string("exclude-cipher-suites")
            .defaultDescribedAs("-Dflume.ssl.exclude.cipherSuites, else none")
            .doc("Space-separated cipher suites not to use.");
    public static final ConfigKey<String> INCLUDE_CIPHER_SUITES = ConfigKey.string("include-cipher-suites")
            .defaultDescribedAs("-Dflume.ssl.include.cipherSuites, else every suite the JVM enables")
            .doc("Space-separated cipher suites to use (minus the excluded ones).");
    public static final ConfigKey<Boolean> VERIFY_HOSTNAME = ConfigKey.bool("verifyHostname").defaultValue(true)
            .doc("With ssl, check that the server's certificate names hostname. Flume never checks; set false for "
                    + "certificates that do not name the host.");
    public static final ConfigKey<String> MAX_IO_WORKERS = ConfigKey.string("maxIoWorkers")
            .defaultDescribedAs("none")
            .doc("Ignored, as in Flume 1.11 (a warning is logged): each sink uses one I/O thread.");

    public static final ComponentSpec<SinkContext, Sink> SPEC = ComponentSpec
            .sink("avro", AvroSink::new)
            .flumeClass("org.apache.flume.sink.AvroSink")
            .doc("Sends batches to the next hop's Avro source (Flume or Sluice) and commits each only when it is "
                    + "answered OK.")
            .batchSize(BATCH_SIZE)
            .keys(HOSTNAME, PORT, CONNECT_TIMEOUT, REQUEST_TIMEOUT, RESET_CONNECTION_INTERVAL, COMPRESSION_TYPE,
                    COMPRESSION_LEVEL, SSL, TRUST_ALL_CERTS, TRUSTSTORE, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE,
                    EXCLUDE_PROTOCOLS, INCLUDE_PROTOCOLS, EXCLUDE_CIPHER_SUITES, INCLUDE_CIPHER_SUITES,
                    VERIFY_HOSTNAME, MAX_IO_WORKERS)
            .note("Events leave the channel only when the next hop answered OK; a reply lost after the next hop "
                    + "committed makes the batch be sent again (at-least-once, as Flume).")
            .build();

    private final RpcClientConfig config;
    private final boolean ssl;
    private final long resetNanos;

    private EventLoopGroup group;
    private SslContext sslContext;
    private volatile RpcClient client;
    private long connectedAt;

    public AvroSink(SinkContext ctx) {
        super("avro", ctx, ctx.settings().require(BATCH_SIZE));
        Settings s = ctx.settings();
        this.ssl = s.require(SSL);
        this.config = clientConfig(s.require(HOSTNAME), s.require(PORT), s, System.getProperties(), System.getenv());
        this.resetNanos = TimeUnit.SECONDS.toNanos(s.require(RESET_CONNECTION_INTERVAL));
        if (s.isSet(MAX_IO_WORKERS)) {
            LOG.warn("avro sink {}: maxIoWorkers is ignored, as in Flume 1.11; the sink uses one I/O thread", name);
        }
    }

    /**
     * How to reach {@code host:port} with this sink's settings (timeouts, compression, TLS). Also
     * what {@code avro-client -P} builds from Flume's RPC client properties, which use these keys.
     */
    public static RpcClientConfig clientConfig(String host, int port, Settings s, Properties sys,
                                               Map<String, String> env) {
        TlsConfig tls = s.require(SSL) ? tlsConfig(s, sys, env) : null;
        return new RpcClientConfig(host, port, s.require(CONNECT_TIMEOUT), s.require(REQUEST_TIMEOUT),
                s.require(COMPRESSION_TYPE).equals("DEFLATE") ? s.require(COMPRESSION_LEVEL) : -1, tls,
                RpcClientConfig.DEFAULT_MAX_REPLY_BYTES);
    }

    static TlsConfig tlsConfig(Settings s, Properties sys, Map<String, String> env) {
        return TlsConfig.resolve(TlsConfig.Side.CLIENT, s.get(TRUSTSTORE), s.get(TRUSTSTORE_PASSWORD),
                s.get(TRUSTSTORE_TYPE), s.require(TRUST_ALL_CERTS), s.require(VERIFY_HOSTNAME), s.get(INCLUDE_PROTOCOLS),
                s.get(EXCLUDE_PROTOCOLS), s.get(INCLUDE_CIPHER_SUITES), s.get(EXCLUDE_CIPHER_SUITES), sys, env);
    }

    @Override
    public void start() throws Exception {
        sslContext = ssl ? SslContexts.client(config.tls()) : null;
        group = new NioEventLoopGroup(1, new DefaultThreadFactory("avro-sink-" + name, true));
        LOG.info("avro sink {} sending to {}{}{}", name, config.address(), config.deflateLevel() >= 0 ? " (deflate)" : "",
                ssl ? " (TLS)" : "");
    }

    @Override
    protected void beforeTake() throws EventDeliveryException {
        connected();
    }

    @Override
    protected void deliver(List<Event> events) throws EventDeliveryException {
        int n = events.size();
        boolean ok;
        try {
            ok = client.appendBatch(events);
        } catch (RpcException e) {
            counter.incrementEventWriteFail();
            disconnect();
            throw new EventDeliveryException(label() + ": " + n + " events not delivered, kept in the channel: "
                    + e.getMessage(), e);
        }
        if (!ok) {
            counter.incrementEventWriteFail();
            throw new EventDeliveryException(label() + ": " + config.address() + " answered FAILED to " + n
                    + " events (its channel refused them); kept in the channel");
        }
    }

    /** The live connection, made (or remade, after reset-connection-interval) if need be. */
    private RpcClient connected() throws EventDeliveryException {
        RpcClient c = client;
        if (c != null && resetNanos > 0 && System.nanoTime() - connectedAt >= resetNanos) {
            LOG.debug("avro sink {}: reset-connection-interval passed; reconnecting to {}", name, config.address());
            disconnect();
            c = null;
        }
        if (c != null && c.isActive()) {
            return c;
        }
        if (c != null) {
            disconnect();
        }
        if (config.tls() != null && config.tls().trustAll()) {
            LOG.warn("avro sink {}: trust-all-certs = true: the certificate of {} is NOT checked", name, config.address());
        }
        try {
            c = RpcClient.connect(config, sslContext, group);
        } catch (RpcException e) {
            counter.incrementConnectionFailed();
            throw new EventDeliveryException(label() + ": " + e.getMessage(), e);
        }
        counter.incrementConnectionCreated();
        connectedAt = System.nanoTime();
        client = c;
        LOG.info("avro sink {} connected to {}", name, config.address());
        return c;
    }

    private void disconnect() {
        RpcClient c = client;
        client = null;
        if (c != null) {
            c.close();
            counter.incrementConnectionClosed();
        }
    }

    @Override
    public void stop() {
        disconnect();
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
            group = null;
        }
        LOG.info("avro sink {} stopped", name);
    }

    @Override
    public String toString() {
        return "AvroSink{" + name + " -> " + config.address() + "}";
    }
}
