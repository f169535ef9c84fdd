package io.sluice.sources.net.netcat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sluice.api.Source;
import io.sluice.api.SourceContext;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Kind;
import io.sluice.api.config.Settings;
import io.sluice.api.config.ValueType;
import io.sluice.sources.net.NettyGroups;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code netcat} source: listens on a TCP port and turns every newline-terminated line into
 * an event (spec §4.2). Replies are Flume's: {@code OK} per committed line with
 * {@code ack-every-event}, {@code FAILED: <reason>} per refused line, and a FAILED line then close for
 * a line longer than {@code max-line-length}. Unlike Flume, the lines of one socket read go to the
 * channels together, in transactions of at most {@link SourceContext#maxBatchSize()} events.
 *
 * <p>Thread model: one acceptor thread; {@link #IO_THREADS} event-loop threads that read, frame and
 * decode (a connection stays on one); {@link #COMMIT_THREADS} commit threads that call the channel
 * processor and write replies, each connection pinned to one so its lines stay in order. Commits run
 * off the event loops because the channel processor may block. A connection stops reading while one
 * of its batches is being committed, so memory per connection is bounded (see
 * {@link NetcatLineDecoder}) and idle connections cost only their socket. {@link #start()} and
 * {@link #stop()} are called by the runtime from one thread.
 */
public final class NetcatSource implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(NetcatSource.class);

    public static final ConfigKey<String> BIND = ConfigKey.string("bind").required().check(Check.notBlank())
            .doc("Address to listen on (host name or IP; 0.0.0.0 for all interfaces).");
    public static final ConfigKey<Integer> PORT = ConfigKey.port("port").required()
            .doc("TCP port to listen on.");
    public static final ConfigKey<Integer> MAX_LINE_LENGTH = ConfigKey.integer("max-line-length")
            .check(Check.atLeast(2)).defaultValue(512)
            .doc("Longest accepted line in decoded characters, newline included; a longer line is answered "
                    + "with FAILED and the connection is closed.");
    public static final ConfigKey<Boolean> ACK_EVERY_EVENT = ConfigKey.bool("ack-every-event").defaultValue(true)
            .doc("Reply OK to each line once it is committed to the channels.");
    public static final ConfigKey<Charset> ENCODING = ConfigKey.of("encoding", ValueType.CHARSET)
            .defaultValue(StandardCharsets.UTF_8)
            .doc("Charset of the input lines and of the replies; event bodies are always UTF-8.");
    public static final ConfigKey<Integer> MAX_CONNECTIONS = ConfigKey.integer("maxConnections")
            .check(Check.atLeast(0)).defaultValue(0)
            .doc("Most connections open at once; further ones are closed on accept. 0 means no limit, as in Flume.");

    public static final ComponentSpec<SourceContext, Source> SPEC = ComponentSpec
            .<SourceContext, Source>builder(Kind.SOURCE, "netcat", NetcatSource::new)
            .flumeClass("org.apache.flume.source.NetcatSource")
            .doc("Accepts newline-terminated text over TCP, one event per line, and acknowledges each line "
                    + "with OK after commit.")
            .keys(BIND, PORT, MAX_LINE_LENGTH, ACK_EVERY_EVENT, ENCODING, MAX_CONNECTIONS)
            .resources(NetcatSource::resources)
            .build();

    /** Event-loop threads for socket I/O and line framing. */
    static final int IO_THREADS = Runtime.getRuntime().availableProcessors();
    /** Threads calling the channel processor; bounded whatever the number of connections. */
    static final int COMMIT_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    /** Most events of one read passed on at once; caps per-connection memory for tiny lines. */
    static final int READ_BATCH_EVENTS = 1024;
    /** Body bytes after which a read's batch is passed on without waiting for the end of the read. */
    // 1024 events / 64 KiB measured as fast as 4096 / 256 KiB (about 6 M lines/s from one
    // connection, 100-byte lines) at a quarter of the memory a stalled connection can hold.
    static final int READ_BATCH_BYTES = 64 * 1024;

    private final String name;
    private final SourceContext context;
    private final String bind;
    private final int port;
    private final int maxLineLength;
    private final boolean ackEveryEvent;
    private final Charset encoding;
    private final int maxConnections;

    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private EventExecutorGroup commitGroup;
    private ChannelGroup channels;
    private Channel serverChannel;

    public NetcatSource(SourceContext context) {
        Settings s = context.settings();
        this.context = context;
        this.name = context.name();
        this.bind = s.require(BIND);
        this.port = s.require(PORT);
        this.maxLineLength = s.require(MAX_LINE_LENGTH);
        this.ackEveryEvent = s.require(ACK_EVERY_EVENT);
        this.encoding = s.require(ENCODING);
        this.maxConnections = s.require(MAX_CONNECTIONS);
    }

    private static List<String> resources(Settings s) {
        Integer port = s.get(PORT);
        String bind = s.get(BIND);
        // Port 0 takes whatever port is free, so two such sources never conflict.
        return port == null || port == 0 || bind == null ? List.of() : List.of("tcp:" + bind + ":" + port);
    }

    @Override
    public void start() throws Exception {
        if (serverChannel != null) {
            throw new IllegalStateException("netcat source " + name + " is already started");
        }
        context.counter().start();
        acceptGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("netcat-" + name + "-accept"));
        ioGroup = new NioEventLoopGroup(IO_THREADS, new DefaultThreadFactory("netcat-" + name + "-io"));
        commitGroup = new DefaultEventExecutorGroup(COMMIT_THREADS, new DefaultThreadFactory("netcat-" + name + "-commit"));
        channels = new DefaultChannelGroup("netcat-" + name, GlobalEventExecutor.INSTANCE);
        NetcatCommitHandler commitHandler = new NetcatCommitHandler(name, context.channelProcessor(), context.counter(),
                Math.max(1, context.maxBatchSize()), ackEveryEvent, encoding, maxLineLength);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                // Half-closure lets a client that shuts down its output still get the replies to its last lines.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 64 * 1024))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new NetcatInitializer(name, encoding, maxLineLength, maxConnections, READ_BATCH_EVENTS,
                        READ_BATCH_BYTES, context.counter(), commitHandler, commitGroup, channels));
        serverChannel = NettyGroups.bind(bootstrap, "netcat source " + name, bind, port, this::stop);
        channels.add(serverChannel);
        LOG.info("netcat source {} listening on {}", name, serverChannel.localAddress());
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
        NettyGroups.shutdown(LOG, "netcat source " + name, acceptGroup, ioGroup, commitGroup);
        if (serverChannel != null) {
            LOG.info("netcat source {} stopped", name);
        }
        acceptGroup = null;
        ioGroup = null;
        commitGroup = null;
        channels = null;
        serverChannel = null;
        context.counter().stop();
    }
}
