package io.sluice.sources.net.syslog;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.sluice.api.Source;
import io.sluice.api.SourceContext;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Kind;
import io.sluice.api.config.Settings;
import io.sluice.sources.net.NettyGroups;
import java.net.InetSocketAddress;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code syslogudp} source (spec §4.7): one event per datagram, parsed as syslogtcp parses
 * ({@link SyslogParser}). Receives datagrams whole, up to 65535 bytes (Flume's 2048-byte default
 * buffer truncates longer ones silently). A full channel pauses reading and retries; datagrams that
 * arrive meanwhile wait in the kernel's buffer, which drops what does not fit.
 *
 * <p>Thread model: one event-loop thread receives and parses; one commit thread calls the channel
 * processor. {@link #start()} and {@link #stop()} are called by the runtime from one thread.
 */
public final class SyslogUdpSource implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogUdpSource.class);

    public static final ConfigKey<Integer> PORT = ConfigKey.port("port").required().doc("UDP port to listen on.");
    public static final ConfigKey<String> HOST = ConfigKey.string("host").check(Check.notBlank())
            .doc("Address to listen on; all interfaces when not set.");

    public static final ComponentSpec<SourceContext, Source> SPEC = ComponentSpec
            .<SourceContext, Source>builder(Kind.SOURCE, "syslogudp", SyslogUdpSource::new)
            .flumeClass("org.apache.flume.source.SyslogUDPSource")
            .doc("Receives syslog messages (RFC 5424 and RFC 3164) over UDP, one event per datagram, with the "
                    + "headers of syslogtcp.")
            .keys(PORT, HOST, SyslogKeys.KEEP_FIELDS, SyslogKeys.CLIENT_IP_HEADER, SyslogKeys.CLIENT_HOSTNAME_HEADER)
            .prefix(SyslogKeys.FORMAT_PREFIX)
            .crossCheck(SyslogKeys::refuseFormat)
            .resources(s -> s.get(PORT) == null || s.get(PORT) == 0 ? List.of()
                    : List.of("udp:" + (s.get(HOST) == null ? "0.0.0.0" : s.get(HOST)) + ":" + s.get(PORT)))
            .note("syslogudp cannot acknowledge: datagrams are lost when the socket's receive buffer overflows.")
            .build();

    static final int RECEIVE_BUFFER_BYTES = 65535;
    static final int DATAGRAMS_PER_READ = 16;

    private final SourceContext context;
    private final String name;
    private final String host;
    private final int port;
    private final KeepFields keepFields;
    private final ClientHeaders clientHeaders;
    private final AtomicBoolean running = new AtomicBoolean();
    private EventLoopGroup ioGroup;
    private EventExecutorGroup commitGroup;
    private Channel channel;

    public SyslogUdpSource(SourceContext context) {
        Settings s = context.settings();
        this.context = context;
        this.name = context.name();
        this.host = s.get(HOST);
        this.port = s.require(PORT);
        this.keepFields = KeepFields.parse(s.get(SyslogKeys.KEEP_FIELDS));
        this.clientHeaders = SyslogKeys.clientHeaders(s, null);
    }

    @Override
    public void start() throws Exception {
        if (channel != null) {
            throw new IllegalStateException("syslogudp source " + name + " is already started");
        }
        running.set(true);
        ioGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("syslogudp-" + name + "-io"));
        commitGroup = new DefaultEventExecutorGroup(1, new DefaultThreadFactory("syslogudp-" + name + "-commit"));
        SyslogProblems problems = new SyslogProblems("syslogudp " + name, context.counter());
        SyslogCommitHandler commit = new SyslogCommitHandler("syslogudp " + name, context.channelProcessor(),
                context.counter(), Math.max(1, context.maxBatchSize()), running::get);
        ZoneId zone = ZoneId.systemDefault();
        Bootstrap bootstrap = new Bootstrap()
                .group(ioGroup)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_BROADCAST, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER_BYTES)
                        .respectMaybeMoreData(false).maxMessagesPerRead(DATAGRAMS_PER_READ))
                .handler(new ChannelInitializer<NioDatagramChannel>() {
                    @Override
                    protected void initChannel(NioDatagramChannel ch) {
                        ch.pipeline()
                                .addLast("syslog", new SyslogDatagramDecoder("syslogudp " + name,
                                        new SyslogParser(keepFields, zone, System::currentTimeMillis), clientHeaders,
                                        problems, commit, commitGroup.next(), SyslogTcpInitializer.READ_BATCH_EVENTS,
                                        SyslogTcpInitializer.READ_BATCH_BYTES));
                    }
                });
        channel = NettyGroups.bind(bootstrap, "syslogudp source " + name, host, port, this::stop);
        LOG.info("syslogudp source {} listening on {}", name, channel.localAddress());
    }

    /** The address the source listens on (useful with port 0), or null when it is not started. */
    public InetSocketAddress localAddress() {
        Channel ch = channel;
        return ch == null ? null : (InetSocketAddress) ch.localAddress();
    }

    @Override
    public void stop() {
        running.set(false);
        if (channel != null) {
            channel.close().awaitUninterruptibly(NettyGroups.CLOSE_TIMEOUT_MILLIS);
        }
        NettyGroups.shutdown(LOG, "syslogudp source " + name, ioGroup, commitGroup);
        if (channel != null) {
            LOG.info("syslogudp source {} stopped", name);
        }
        ioGroup = null;
        commitGroup = null;
        channel = null;
    }
}
