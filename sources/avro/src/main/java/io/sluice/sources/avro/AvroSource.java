package io.sluice.sources.avro;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ipfilter.IpFilterRule;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code avro} source (spec §4.1, §3): listens for {@code AvroSourceProtocol} calls from Flume
 * and Sluice Avro sinks and RPC clients, answers {@code OK} once a call's events are committed to
 * every required channel and {@code FAILED} when a channel refuses them. Speaks Flume's framing,
 * handshake, zlib and TLS byte for byte; unlike Flume it bounds the memory a connection can make it
 * hold ({@code maxFrameBytes}, and no more events per call than its channels take in one
 * transaction), and answers a connection's calls one at a time, in order.
 *
 * <p>Thread model: one acceptor thread, {@link #IO_THREADS} event loops that read, decompress,
 * decrypt and frame, and {@code threads} commit threads that decode calls and run the channel
 * processor (it may block), each connection pinned to one. {@link #start()} and {@link #stop()} are
 * called by the runtime from one thread.
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
            .doc("Largest call accepted, in bytes on the wire after decompression; a frame announcing more closes "
                    + "the connection. Bounds the memory one connection can hold. Flume has no limit.");

    public static final ComponentSpec<SourceContext, Source> SPEC = ComponentSpec
            .source("avro", AvroSource::new)
            .flumeClass("org.apache.flume.source.AvroSource")
            .doc("Receives events from Flume or Sluice Avro sinks and RPC clients (Flume's AvroSourceProtocol) and "
                    + "answers OK once they are committed to the channels.")
            .keys(BIND, PORT, THREADS, COMPRESSION_TYPE, SSL, KEYSTORE, KEYSTORE_PASSWORD, KEYSTORE_TYPE,
                    EXCLUDE_PROTOCOLS, INCLUDE_PROTOCOLS, EXCLUDE_CIPHER_SUITES, INCLUDE_CIPHER_SUITES, IP_FILTER,
                    IP_FILTER_RULES, MAX_FRAME_BYTES)
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

    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private EventExecutorGroup commitGroup;
    private ChannelGroup connections;
    private Channel serverChannel;
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
        if (serverChannel != null) {
            throw new IllegalStateException("avro source " + name + " is already started");
        }
        SslContext sslContext = ssl ? SslContexts.server(tls) : null;
        state = new AvroSourceState(name);
        acceptGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("avro-" + name + "-accept"));
        ioGroup = new NioEventLoopGroup(IO_THREADS, new DefaultThreadFactory("avro-" + name + "-io"));
        commitGroup = new DefaultEventExecutorGroup(threads, new DefaultThreadFactory("avro-" + name + "-call"));
        connections = new DefaultChannelGroup("avro-" + name, GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 64 * 1024, 256 * 1024))
                .childHandler(new AvroSourceInitializer(state, context.channelProcessor(), context.counter(),
                        Math.max(1, context.maxBatchSize()), maxFrameBytes, deflate ? REPLY_DEFLATE_LEVEL : -1,
                        sslContext, tls, ipRules, commitGroup, connections));
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(bind, port)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            stop();
            throw new IOException("avro source " + name + " cannot listen on " + bind + ":" + port + ": "
                    + bound.cause(), bound.cause());
        }
        serverChannel = bound.channel();
        LOG.info("avro source {} listening on {}{}{}", name, serverChannel.localAddress(), deflate ? " (deflate)" : "",
                ssl ? " (TLS)" : "");
    }

    /** The address the source listens on (useful with port 0), or null when it is not started. */
    public InetSocketAddress localAddress() {
        Channel ch = serverChannel;
        return ch == null ? null : (InetSocketAddress) ch.localAddress();
    }

    /**
     * Stops accepting, lets calls being answered finish (up to {@link #DRAIN_MILLIS}) so no committed
     * batch goes unacknowledged, answers later calls FAILED, then closes every connection.
     */
    @Override
    public void stop() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(CLOSE_MILLIS);
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
        shutdown(acceptGroup, ioGroup, commitGroup);
        if (serverChannel != null) {
            LOG.info("avro source {} stopped", name);
        }
        acceptGroup = null;
        ioGroup = null;
        commitGroup = null;
        connections = null;
        serverChannel = null;
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
