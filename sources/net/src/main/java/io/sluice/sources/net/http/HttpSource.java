package io.sluice.sources.net.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sluice.api.Source;
import io.sluice.api.SourceContext;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Settings;
import io.sluice.api.config.SettingsProblem;
import io.sluice.sources.net.NettyGroups;
import io.sluice.sources.net.tls.ServerTls;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code http} source (spec §4.5) on Netty's HTTP/1.1 codec: every POST (or GET) request
 * goes through the configured {@link HttpSourceHandler} and all its events into the channels in one
 * transaction; the reply is 200 only once they are committed. Connections are kept alive, request
 * bodies are bounded ({@code maxRequestBytes}, the handler's own limit, and {@code maxBufferedBytes}
 * over all connections), and a connection silent for {@code ServerConnector.idleTimeout} is closed.
 * The Jetty settings Flume passes through are accepted where they have a meaning here; any other
 * {@code QueuedThreadPool.*}, {@code ServerConnector.*}, {@code HttpConfiguration.*} or
 * {@code SslContextFactory.*} key refuses the configuration rather than being ignored.
 *
 * <p>Thread model: one acceptor thread, {@link #IO_THREADS} event loops for HTTP framing, and
 * {@code QueuedThreadPool.maxThreads} commit threads running handlers and channel puts.
 * {@link #start()} and {@link #stop()} are called by the runtime from one thread.
 */
public final class HttpSource implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSource.class);

    public static final ConfigKey<Integer> PORT = ConfigKey.port("port").required().doc("TCP port to listen on.");
    public static final ConfigKey<String> BIND = ConfigKey.string("bind").defaultValue("0.0.0.0").check(Check.notBlank())
            .doc("Address to listen on.");
    public static final ConfigKey<String> HANDLER = ConfigKey.string("handler").defaultValue(JsonHandler.FLUME_CLASS)
            .check(Check.notBlank())
            .doc("What turns a request into events: " + JsonHandler.FLUME_CLASS + " (or json), "
                    + BlobHandler.MORPHLINE_CLASS + " (or blob), " + BlobHandler.CORE_CLASS
                    + ", or a class implementing " + HttpSourceHandler.class.getName() + "; its keys are handler.*.");
    public static final String HANDLER_PREFIX = "handler.";
    public static final ConfigKey<Boolean> ENABLE_SSL = ConfigKey.bool("enableSSL")
            .doc("Deprecated name of ssl, used when ssl is not set.");
    public static final ConfigKey<String> KEYSTORE_PASSWORD_OLD = ConfigKey.string("keystorePassword")
            .doc("Deprecated name of keystore-password, used when that is not set.");
    public static final ConfigKey<List<String>> EXCLUDE_PROTOCOLS_OLD = ConfigKey.list("excludeProtocols")
            .doc("Deprecated name of exclude-protocols, used when that is not set.");
    public static final ConfigKey<Integer> MAX_THREADS = ConfigKey.integer("QueuedThreadPool.maxThreads")
            .defaultDescribedAs("max(4, 2 × CPUs)").check(Check.atLeast(1))
            .doc("Threads running handlers and channel puts (Jetty's request threads in Flume).");
    public static final ConfigKey<Integer> MIN_THREADS = ConfigKey.integer("QueuedThreadPool.minThreads")
            .check(Check.atLeast(0)).doc("Accepted for compatibility; Sluice's threads are fixed.");
    public static final ConfigKey<Long> THREAD_IDLE_TIMEOUT = ConfigKey.longKey("QueuedThreadPool.idleTimeout")
            .check(Check.atLeast(0L)).doc("Accepted for compatibility; Sluice's threads are fixed.");
    public static final ConfigKey<Long> IDLE_TIMEOUT = ConfigKey.longKey("ServerConnector.idleTimeout")
            .defaultValue(30_000L).check(Check.atLeast(1L))
            .doc("Milliseconds without a byte after which a connection is closed; 408 when it happens inside a request.");
    public static final ConfigKey<Integer> ACCEPT_QUEUE_SIZE = ConfigKey.integer("ServerConnector.acceptQueueSize")
            .check(Check.atLeast(0)).doc("Listen backlog; the OS default when not set.");
    public static final ConfigKey<Boolean> SEND_SERVER_VERSION = ConfigKey.bool("HttpConfiguration.sendServerVersion")
            .defaultValue(true).doc("Send a Server header.");
    public static final ConfigKey<Boolean> SEND_DATE_HEADER = ConfigKey.bool("HttpConfiguration.sendDateHeader")
            .defaultValue(false).doc("Send a Date header.");
    public static final ConfigKey<Integer> REQUEST_HEADER_SIZE = ConfigKey.integer("HttpConfiguration.requestHeaderSize")
            .defaultValue(8192).check(Check.between(256, 1 << 20))
            .doc("Largest request header block in bytes; a larger one is answered 431.");
    public static final ConfigKey<Integer> OUTPUT_BUFFER_SIZE = ConfigKey.integer("HttpConfiguration.outputBufferSize")
            .check(Check.atLeast(0)).doc("Accepted for compatibility; replies are a few bytes.");
    public static final ConfigKey<Long> MAX_REQUEST_BYTES = ConfigKey.longKey("maxRequestBytes")
            .defaultValue(64L * 1024 * 1024).check(Check.between(1L, (long) Integer.MAX_VALUE - 8))
            .doc("Largest request body in bytes (for a handler without a limit of its own, e.g. JSON); a larger "
                    + "one is answered 413 and nothing is put. Flume has no limit.");
    public static final ConfigKey<Long> MAX_BUFFERED_BYTES = ConfigKey.longKey("maxBufferedBytes")
            .defaultDescribedAs("a quarter of the maximum heap").check(Check.atLeast(1L))
            .doc("Request-body bytes held at once over all connections; a request that does not fit is answered "
                    + "503 (retry later).");

    /** Jetty's pass-through namespaces, in a fixed order so the generated reference is stable. */
    private static final List<String> PASS_THROUGH_PREFIXES = List.of("QueuedThreadPool.", "ServerConnector.",
            "HttpConfiguration.", "SslContextFactory.");

    /** The pass-through keys Sluice gives a meaning; any other under those prefixes is refused. */
    private static final Set<String> SPEC_KEYS = Set.of(MAX_THREADS.name(), MIN_THREADS.name(),
            THREAD_IDLE_TIMEOUT.name(), IDLE_TIMEOUT.name(), ACCEPT_QUEUE_SIZE.name(), SEND_SERVER_VERSION.name(),
            SEND_DATE_HEADER.name(), REQUEST_HEADER_SIZE.name(), OUTPUT_BUFFER_SIZE.name());

    public static final ComponentSpec<SourceContext, Source> SPEC = buildSpec();

    static final int IO_THREADS = Runtime.getRuntime().availableProcessors();

    private final SourceContext context;
    private final String name;
    private final String bind;
    private final int port;
    private final HttpSourceHandler handler;
    private final ServerTls.Options tls;
    private final int commitThreads;
    private final long idleMillis;
    private final Integer acceptQueue;
    private final int maxHeaderBytes;
    private final long maxBodyBytes;
    private final long maxBufferedBytes;
    private final HttpResponses responses;

    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private EventExecutorGroup commitGroup;
    private ChannelGroup channels;
    private Channel serverChannel;

    public HttpSource(SourceContext context) {
        Settings s = context.settings();
        this.context = context;
        this.name = context.name();
        this.bind = s.require(BIND);
        this.port = s.require(PORT);
        this.handler = HttpHandlers.create(s.require(HANDLER), s.subset(HANDLER_PREFIX));
        this.tls = tlsOptions(s);
        this.commitThreads = s.get(MAX_THREADS) != null ? s.get(MAX_THREADS)
                : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        this.idleMillis = s.require(IDLE_TIMEOUT);
        this.acceptQueue = s.get(ACCEPT_QUEUE_SIZE);
        this.maxHeaderBytes = s.require(REQUEST_HEADER_SIZE);
        this.maxBodyBytes = handler.maxRequestBytes() > 0 ? Math.min(handler.maxRequestBytes(), Integer.MAX_VALUE - 8)
                : s.require(MAX_REQUEST_BYTES);
        this.maxBufferedBytes = s.get(MAX_BUFFERED_BYTES) != null ? s.get(MAX_BUFFERED_BYTES)
                : Math.max(1L << 20, Runtime.getRuntime().maxMemory() / 4);
        this.responses = new HttpResponses(s.require(SEND_SERVER_VERSION), s.require(SEND_DATE_HEADER));
    }

    private static ComponentSpec<SourceContext, Source> buildSpec() {
        ComponentSpec.Builder<SourceContext, Source> b = ComponentSpec.source("http", HttpSource::new)
                .flumeClass("org.apache.flume.source.http.HTTPSource")
                .doc("Accepts events over HTTP(S) POST: a JSON array of {headers, body} objects by default, or the "
                        + "whole body as one event with the blob handler; answers 200 once the request's events are "
                        + "committed.")
                .keys(PORT, BIND, HANDLER)
                .keys(ServerTls.KEYS.toArray(new ConfigKey<?>[0]))
                .keys(ENABLE_SSL, KEYSTORE_PASSWORD_OLD, EXCLUDE_PROTOCOLS_OLD, MAX_REQUEST_BYTES, MAX_BUFFERED_BYTES,
                        MAX_THREADS, MIN_THREADS, THREAD_IDLE_TIMEOUT, IDLE_TIMEOUT, ACCEPT_QUEUE_SIZE,
                        SEND_SERVER_VERSION, SEND_DATE_HEADER, REQUEST_HEADER_SIZE, OUTPUT_BUFFER_SIZE)
                .prefix(HANDLER_PREFIX)
                .crossCheck(HttpSource::crossCheck)
                .resources(s -> s.get(PORT) == null || s.get(PORT) == 0 ? List.of()
                        : List.of("tcp:" + s.get(BIND) + ":" + s.get(PORT)))
                .note("http answers 200 only after the request's events are committed; a client that gets no 200 "
                        + "should retry, which can duplicate events when the reply was lost.");
        for (String p : PASS_THROUGH_PREFIXES) {
            b.prefix(p);
        }
        return b.build();
    }

    private static ServerTls.Options tlsOptions(Settings s) {
        return ServerTls.options(s, s.get(ENABLE_SSL), s.get(KEYSTORE_PASSWORD_OLD), s.get(EXCLUDE_PROTOCOLS_OLD));
    }

    private static List<SettingsProblem> crossCheck(Settings s) {
        List<SettingsProblem> out = new ArrayList<>();
        for (String key : s.raw().keySet()) {
            for (String p : PASS_THROUGH_PREFIXES) {
                if (key.startsWith(p) && !SPEC_KEYS.contains(key)) {
                    out.add(new SettingsProblem(key, "is a Jetty setting Sluice does not support; supported: "
                            + "QueuedThreadPool.maxThreads/minThreads/idleTimeout, ServerConnector.idleTimeout/"
                            + "acceptQueueSize, HttpConfiguration.sendServerVersion/sendDateHeader/requestHeaderSize/"
                            + "outputBufferSize"));
                }
            }
        }
        out.addAll(HttpHandlers.check(HANDLER.name(), s.get(HANDLER), s.subset(HANDLER_PREFIX)));
        out.addAll(ServerTls.check(tlsOptions(s)));
        return out;
    }

    @Override
    public void start() throws Exception {
        if (serverChannel != null) {
            throw new IllegalStateException("http source " + name + " is already started");
        }
        SslContext ssl = ServerTls.build(tls);
        acceptGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("http-" + name + "-accept"));
        ioGroup = new NioEventLoopGroup(IO_THREADS, new DefaultThreadFactory("http-" + name + "-io"));
        commitGroup = new DefaultEventExecutorGroup(commitThreads, new DefaultThreadFactory("http-" + name + "-commit"));
        channels = new DefaultChannelGroup("http-" + name, GlobalEventExecutor.INSTANCE);
        HttpRejections rejections = new HttpRejections(name, context.counter());
        HttpRequestCommitter committer = new HttpRequestCommitter(handler, context.channelProcessor(), context.counter(),
                Math.max(1, context.maxBatchSize()), responses, rejections);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 64 * 1024))
                .childHandler(new HttpSourceInitializer(name, ssl, maxHeaderBytes, idleMillis, maxBodyBytes,
                        new RequestBudget(maxBufferedBytes), responses, rejections, context.counter(), committer,
                        commitGroup, channels));
        if (acceptQueue != null && acceptQueue > 0) {
            bootstrap.option(ChannelOption.SO_BACKLOG, acceptQueue);
        }
        serverChannel = NettyGroups.bind(bootstrap, "http source " + name, bind, port, this::stop);
        channels.add(serverChannel);
        LOG.info("http source {} listening on {}{}", name, serverChannel.localAddress(), ssl != null ? " (TLS)" : "");
    }

    /** The address the source listens on (useful with port 0), or null when it is not started. */
    public InetSocketAddress localAddress() {
        Channel ch = serverChannel;
        return ch == null ? null : (InetSocketAddress) ch.localAddress();
    }

    @Override
    public void stop() {
        if (channels != null) {
            channels.close().awaitUninterruptibly(NettyGroups.CLOSE_TIMEOUT_MILLIS);
        }
        NettyGroups.shutdown(LOG, "http source " + name, acceptGroup, ioGroup, commitGroup);
        if (serverChannel != null) {
            LOG.info("http source {} stopped", name);
        }
        acceptGroup = null;
        ioGroup = null;
        commitGroup = null;
        channels = null;
        serverChannel = null;
    }
}
