package io.sluice.sources.avro;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ipfilter.IpFilterRule;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sluice.api.Source;
import io.sluice.api.SourceContext;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Settings;
import io.sluice.api.config.SettingsProblem;
import io.sluice.api.config.ValueType;
import io.sluice.rpc.SslContexts;
import io.sluice.rpc.TlsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.ipc.netty.NettyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code avro} source (spec §4.1, §3): listens for {@code AvroSourceProtocol} calls from Flume
 * and Sluice Avro sinks and RPC clients, answers {@code OK} once a call's events are committed to
 * every required channel and {@code FAILED} when a channel refuses them. Runs on Avro's own
 * {@code NettyServer} (avro-ipc-netty: accept, Avro's frame decoder and encoder, dispatch to caller
 * threads) with Flume's zlib and TLS layers in front, byte for byte as Flume's source. Unlike Flume it
 * bounds the memory one connection ({@code maxFrameBytes}, and no more events per call than its
 * channels take in one transaction) and all connections together ({@code maxBytesInFlight}) can make
 * it hold, closes connections that stall in the middle of a call ({@code halfFrameTimeoutMillis}),
 * and answers a connection's calls one at a time, in order ({@link FrameGuard}).
 *
 * <p>Thread model: one acceptor thread, {@link #IO_THREADS} event loops that read, decompress,
 * decrypt and frame, and {@code threads} caller threads on which {@link AvroSourceResponder}
 * decodes calls and runs the channel processor (it may block). {@link #start()} and {@link #stop()}
 * are called by the runtime from one thread.
 */
public final class AvroSource implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(AvroSource.class);

    public static final ConfigKey<String> BIND = ConfigKey.string("bind").required().check(Check.notBlank())
            .doc("Address to listen on (host name or IP; 0.0.0.0 for all interfaces).");
    public static final ConfigKey<Integer> PORT = ConfigKey.port("port").required()
            .doc("TCP port to listen on.");
    public static final ConfigKey<Integer> THREADS = ConfigKey.integer("threads").defaultValue(0).check(Check.atLeast(0))
            .doc("Threads that decode calls and put their events into the channels; 0 means twice the CPU cores, "
                    + "at least 4. (Flume 1.11 reads this key and ignores it.)");
    public static final ConfigKey<String> COMPRESSION_TYPE = ConfigKey.of("compression-type",
                    ValueType.oneOf("none", "deflate")).defaultValue("none")
            .doc("deflate: every connection is one zlib stream each way, as Flume's; the sending sink must say "
                    + "deflate too.");
    public static final ConfigKey<Boolean> SSL = ConfigKey.bool("ssl").defaultValue(false)
            .doc("Accept TLS connections only.");
    public static final ConfigKey<String> KEYSTORE = ConfigKey.string("keystore")
            .defaultDescribedAs("-Djavax.net.ssl.keyStore, else $FLUME_SSL_KEYSTORE_PATH")
            .doc("Keystore holding the server's key and certificate; needed with ssl = true.");
    public static final ConfigKey<String> KEYSTORE_PASSWORD = ConfigKey.string("keystore-password")
            .defaultDescribedAs("-Djavax.net.ssl.keyStorePassword, else $FLUME_SSL_KEYSTORE_PASSWORD")
            .doc("Password of the keystore; needed with ssl = true.");
    public static final ConfigKey<String> KEYSTORE_TYPE = ConfigKey.string("keystore-type")
            .defaultDescribedAs("-Djavax.net.ssl.keyStoreType, else $FLUME_SSL_KEYSTORE_TYPE, else JKS")
            .doc("Keystore format: JKS, PKCS12, ...");
    public static final ConfigKey<String> EXCLUDE_PROTOCOLS = ConfigKey.string("exclude-protocols")
            .defaultValue("SSLv3")
            .doc("Space-separated TLS protocols not to use; SSLv3 is always excluded.");
    public static final ConfigKey<String> INCLUDE_PROTOCOLS = ConfigKey.string("include-protocols")
            .defaultDescribedAs("every protocol the JVM enables")
            .doc("Space-separated TLS protocols to use (minus the excluded ones).");
    public static final ConfigKey<String> EXCLUDE_CIPHER_SUITES = ConfigKey.string("exclude-cipher-suites")
            .defaultDescribedAs("none")
            .doc("Space-separated cipher suites not to use.");
    public static final ConfigKey<String> INCLUDE_CIPHER_SUITES = ConfigKey.string("include-cipher-suites")
            .defaultDescribedAs("every suite the JVM enables")
            .doc("Space-separated cipher suites to use (minus the excluded ones).");
    public static final ConfigKey<Boolean> IP_FILTER = ConfigKey.bool("ipFilter").defaultValue(false)
            .doc("Accept or refuse connections by the client's address, per ipFilterRules.");
    public static final ConfigKey<String> IP_FILTER_RULES = ConfigKey.string("ipFilterRules")
            .doc("Comma-separated <allow|deny>:<ip|name>:<glob> rules, e.g. allow:ip:127.*,deny:ip:*; the first "
                    + "matching rule decides, no match accepts. Needed with ipFilter = true.");
    public static final ConfigKey<Integer> MAX_FRAME_BYTES = ConfigKey.integer("maxFrameBytes")
            .defaultValue(32 * 1024 * 1024).check(Check.atLeast(1024))
            .doc("Largest call accepted, in bytes on the wire after decompression plus 8 per Avro buffer in it (the "
                    + "slot Avro's frame decoder keeps for each); a frame announcing more closes the connection before "
                    + "its bytes are read. Bounds the memory one connection can hold. Flume has no limit.");
    public static final ConfigKey<Long> MAX_BYTES_IN_FLIGHT = ConfigKey.longKey("maxBytesInFlight")
            .defaultValue(64L * 1024 * 1024).check(Check.atLeast(1024L))
            .doc("Bytes all connections of the source together may hold in calls not yet answered, partial ones "
                    + "included (counted as for maxFrameBytes). When they are spent, connections stop being read "
                    + "until replies free some: back-pressure, not an error. At least maxFrameBytes. Flume has no "
                    + "limit.");
    public static final ConfigKey<Long> HALF_FRAME_TIMEOUT_MILLIS = ConfigKey.longKey("halfFrameTimeoutMillis")
            .defaultValue(30_000L).check(Check.atLeast(1L))
            .doc("A connection that has sent part of a call and then nothing more for this long (or was kept "
                    + "waiting that long by maxBytesInFlight) is closed, freeing what it holds; counted as "
                    + "ClosedIdleConnectionCount. A connection idle between calls stays open. Flume has no such "
                    + "timeout.");

    public static final ComponentSpec<SourceContext, Source> SPEC = ComponentSpec
            .source("avro", AvroSource::new)
            .flumeClass("org.apache.flume.source.AvroSource")
            .doc("Receives events from Flume or Sluice Avro sinks and RPC clients (Flume's AvroSourceProtocol) and "
                    + "answers OK once they are committed to the channels.")
            .keys(BIND, PORT, THREADS, COMPRESSION_TYPE, SSL, KEYSTORE, KEYSTORE_PASSWORD, KEYSTORE_TYPE,
                    EXCLUDE_PROTOCOLS, INCLUDE_PROTOCOLS, EXCLUDE_CIPHER_SUITES, INCLUDE_CIPHER_SUITES, IP_FILTER,
                    IP_FILTER_RULES, MAX_FRAME_BYTES, MAX_BYTES_IN_FLIGHT, HALF_FRAME_TIMEOUT_MILLIS)
            .crossCheck(AvroSource::crossCheck)
            .resources(AvroSource::resources)
            .note("A call is answered OK only after its events are committed to every required channel; a client "
                    + "that resends after a lost reply may deliver a batch twice (at-least-once, as Flume).")
            .build();

    /** Event-loop threads for socket I/O, zlib, TLS and framing. */
    static final int IO_THREADS = Runtime.getRuntime().availableProcessors();
    /** zlib level of the replies, as Flume's source uses. */
    static final int REPLY_DEFLATE_LEVEL = 6;
    /** How long closing sockets and ending threads may take at stop. */
    static final long CLOSE_MILLIS = 2_000;
    /** How long calls being answered at stop may take to finish (a commit to a full channel waits). */
    static final long DRAIN_MILLIS = 5_000;

    private final SourceContext context;
    private final String name;
    private final String bind;
    private final int port;
    private final int threads;
    private final boolean deflate;
    private final boolean ssl;
    private final TlsConfig tls;
    private final List<IpFilterRule> ipRules;
    private final int maxFrameBytes;
    private final long maxBytesInFlight;
    private final long halfFrameMillis;

    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private EventLoopGroup callGroup;
    private ChannelGroup connections;
    private NettyServer server;
    private InetSocketAddress address;
    private AvroSourceState state;

    public AvroSource(SourceContext context) {
        Settings s = context.settings();
        this.context = context;
        this.name = context.name();
        this.bind = s.require(BIND);
        this.port = s.require(PORT);
        int configured = s.require(THREADS);
        this.threads = configured > 0 ? configured : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        this.deflate = s.require(COMPRESSION_TYPE).equals("DEFLATE");
        this.ssl = s.require(SSL);
        this.tls = tlsConfig(s, System.getProperties(), System.getenv());
        this.ipRules = s.require(IP_FILTER) ? IpFilterRules.parse(s.require(IP_FILTER_RULES)) : List.of();
        this.maxFrameBytes = s.require(MAX_FRAME_BYTES);
        this.maxBytesInFlight = s.require(MAX_BYTES_IN_FLIGHT);
        this.halfFrameMillis = s.require(HALF_FRAME_TIMEOUT_MILLIS);
    }

    static TlsConfig tlsConfig(Settings s, Properties sys, Map<String, String> env) {
        return TlsConfig.resolve(TlsConfig.Side.SERVER, s.get(KEYSTORE), s.get(KEYSTORE_PASSWORD), s.get(KEYSTORE_TYPE),
                false, false, s.get(INCLUDE_PROTOCOLS), s.get(EXCLUDE_PROTOCOLS), s.get(INCLUDE_CIPHER_SUITES),
                s.get(EXCLUDE_CIPHER_SUITES), sys, env);
    }

    private static List<SettingsProblem> crossCheck(Settings s) {
        List<SettingsProblem> problems = new ArrayList<>();
        if (Boolean.TRUE.equals(s.get(IP_FILTER))) {
            String rules = s.get(IP_FILTER_RULES);
            if (rules == null || rules.isBlank()) {
                problems.add(new SettingsProblem(IP_FILTER_RULES.name(), "ipFilter = true needs ipFilterRules"));
            } else {
                try {
                    IpFilterRules.parse(rules);
                } catch (IllegalArgumentException e) {
                    problems.add(new SettingsProblem(IP_FILTER_RULES.name(), e.getMessage()));
                }
            }
        }
        Integer maxFrame = s.get(MAX_FRAME_BYTES);
        Long budget = s.get(MAX_BYTES_IN_FLIGHT);
        if (maxFrame != null && budget != null && budget < maxFrame) {
            problems.add(new SettingsProblem(MAX_BYTES_IN_FLIGHT.name(), "maxBytesInFlight = " + budget
                    + " is less than maxFrameBytes = " + maxFrame + ": a call of maxFrameBytes could never be received"));
        }
        if (Boolean.TRUE.equals(s.get(SSL))) {
            TlsConfig tls = tlsConfig(s, System.getProperties(), System.getenv());
            if (tls.store() == null) {
                problems.add(new SettingsProblem(SSL.name(), "ssl = true needs keystore (or -Djavax.net.ssl.keyStore "
                        + "or FLUME_SSL_KEYSTORE_PATH)"));
            }
            if (tls.storePassword() == null) {
                problems.add(new SettingsProblem(SSL.name(), "ssl = true needs keystore-password (or "
                        + "-Djavax.net.ssl.keyStorePassword or FLUME_SSL_KEYSTORE_PASSWORD)"));
            }
        }
        return problems;
    }

    private static List<String> resources(Settings s) {
        Integer port = s.get(PORT);
        String bind = s.get(BIND);
        return port == null || port == 0 || bind == null ? List.of() : List.of("tcp:" + bind + ":" + port);
    }

    @Override
    public void start() throws Exception {
        if (server != null) {
            throw new IllegalStateException("avro source " + name + " is already started");
        }
        SslContext sslContext = ssl ? SslContexts.server(tls) : null;
        state = new AvroSourceState(name, maxBytesInFlight, context.counter());
        acceptGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("avro-" + name + "-accept"));
        ioGroup = new NioEventLoopGroup(IO_THREADS, new DefaultThreadFactory("avro-" + name + "-io"));
        callGroup = new DefaultEventLoopGroup(threads, new DefaultThreadFactory("avro-" + name + "-call"));
        connections = new DefaultChannelGroup("avro-" + name, GlobalEventExecutor.INSTANCE);
        AvroSourceResponder responder = new AvroSourceResponder(state, context.channelProcessor(), context.counter(),
                Math.max(1, context.maxBatchSize()));
        AvroSourceInitializer initializer = new AvroSourceInitializer(state, context.counter(), maxFrameBytes,
                halfFrameMillis, deflate ? REPLY_DEFLATE_LEVEL : -1, sslContext, tls, ipRules, connections);
        try {
            server = new NettyServer(responder, new InetSocketAddress(bind, port), initializer,
                    b -> b.option(ChannelOption.SO_REUSEADDR, true).childOption(ChannelOption.RCVBUF_ALLOCATOR,
                            new AdaptiveRecvByteBufAllocator(512, 64 * 1024, 256 * 1024)),
                    acceptGroup, ioGroup, callGroup);
        } catch (Exception e) {
            stop();
            throw new IOException("avro source " + name + " cannot listen on " + bind + ":" + port + ": " + e, e);
        }
        address = new InetSocketAddress(bind, server.getPort());
        LOG.info("avro source {} listening on {}{}{}", name, address, deflate ? " (deflate)" : "", ssl ? " (TLS)" : "");
    }

    /** The address the source listens on (useful with port 0), or null when it is not started. */
    public InetSocketAddress localAddress() {
        return address;
    }

    /** Bytes all connections hold in frames not yet answered (see maxBytesInFlight); 0 when not started. */
    long bytesInFlight() {
        AvroSourceState s = state;
        return s == null ? 0 : s.budget().used();
    }

    /**
     * Stops accepting, lets calls being answered finish (up to {@link #DRAIN_MILLIS}) so no committed
     * batch goes unacknowledged, answers later calls FAILED, then closes every connection.
     */
    @Override
    public void stop() {
        if (acceptGroup != null) {
            // NettyServer keeps its listening channel to itself; ending the acceptor's loop closes it.
            shutdown(acceptGroup);
        }
        if (state != null) {
            state.stop();
            try {
                if (!state.awaitIdle(DRAIN_MILLIS)) {
                    LOG.warn("avro source {}: calls still being answered after {} ms; closing their connections",
                            name, DRAIN_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (connections != null) {
            connections.close().awaitUninterruptibly(CLOSE_MILLIS);
        }
        shutdown(ioGroup, callGroup);
        if (server != null) {
            server.close(); // its groups are already down; this only waits for them
            LOG.info("avro source {} stopped", name);
        }
        acceptGroup = null;
        ioGroup = null;
        callGroup = null;
        connections = null;
        server = null;
        address = null;
        state = null;
    }

    private void shutdown(EventExecutorGroup... groups) {
        List<Future<?>> done = new ArrayList<>();
        for (EventExecutorGroup g : groups) {
            if (g != null) {
                done.add(g.shutdownGracefully(100, CLOSE_MILLIS, TimeUnit.MILLISECONDS));
            }
        }
        for (Future<?> f : done) {
            if (!f.awaitUninterruptibly(CLOSE_MILLIS + 1_000)) {
                LOG.warn("avro source {}: threads still busy after {} ms; leaving them to finish", name, CLOSE_MILLIS);
                return;
            }
        }
    }
}
