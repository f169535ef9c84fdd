package io.sluice.sources.net.netcatudp;

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
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code netcatudp} source: one event per UDP datagram (spec §4.3), body up to the first
 * newline, optionally the sender's address in a header. Receives into a 65535-byte buffer so no
 * datagram is truncated (Flume's 2048-byte default silently cut longer ones).
 *
 * <p>Thread model: one event-loop thread receives and builds events; one commit thread calls the
 * channel processor, which may block. While it does, the socket is not read (see
 * {@link DatagramEventDecoder}). {@link #start()} and {@link #stop()} are called by the runtime from
 * one thread.
 */
public final class NetcatUdpSource implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(NetcatUdpSource.class);

    public static final ConfigKey<Integer> PORT = ConfigKey.port("port").required()
            .doc("UDP port to listen on.");
    public static final ConfigKey<String> BIND = ConfigKey.string("bind").check(Check.notBlank())
            .doc("Address to listen on; all interfaces when not set.");
    public static final ConfigKey<String> REMOTE_ADDRESS = ConfigKey.string("remoteAddress").check(Check.notBlank())
            .doc("Name of the header that receives the sender's address (e.g. /192.0.2.7:51234); no header when "
                    + "neither this nor remoteAddressHeader is set.");
    public static final ConfigKey<String> REMOTE_ADDRESS_HEADER = ConfigKey.string("remoteAddressHeader")
            .check(Check.notBlank())
            .doc("Same as remoteAddress (the name Flume's user guide documents; Flume's code ignores it). When both "
                    + "are set, remoteAddress wins, as in Flume.");

    public static final ComponentSpec<SourceContext, Source> SPEC = ComponentSpec
            .<SourceContext, Source>builder(Kind.SOURCE, "netcatudp", NetcatUdpSource::new)
            .flumeClass("org.apache.flume.source.NetcatUdpSource")
            .doc("Receives UDP datagrams, one event per datagram (bytes up to the first newline). "
                    + "UDP gives no delivery guarantee: datagrams the channel refuses are dropped.")
            .keys(PORT, BIND, REMOTE_ADDRESS, REMOTE_ADDRESS_HEADER)
            .resources(NetcatUdpSource::resources)
            .note("netcatudp cannot acknowledge or retry: datagrams are lost when the channel is full or the "
                    + "socket's receive buffer overflows.")
            .build();

    /** Large enough for any UDP payload, so nothing is truncated. */
    static final int RECEIVE_BUFFER_BYTES = 65535;
    /** Datagrams read per read loop; all of them go to the channel in one batch. */
    static final int DATAGRAMS_PER_READ = 16;

    private final String name;
    private final SourceContext context;
    private final String bind;
    private final int port;
    private final String addressHeader;

    private EventLoopGroup ioGroup;
    private EventExecutorGroup commitGroup;
    private Channel channel;

    public NetcatUdpSource(SourceContext context) {
        Settings s = context.settings();
        this.context = context;
        this.name = context.name();
        this.bind = s.get(BIND);
        this.port = s.require(PORT);
        this.addressHeader = s.get(REMOTE_ADDRESS) != null ? s.get(REMOTE_ADDRESS) : s.get(REMOTE_ADDRESS_HEADER);
    }

    private static List<String> resources(Settings s) {
        Integer port = s.get(PORT);
        String bind = s.get(BIND);
        return port == null || port == 0 ? List.of() : List.of("udp:" + (bind == null ? "0.0.0.0" : bind) + ":" + port);
    }

    @Override
    public void start() throws Exception {
        if (channel != null) {
            throw new IllegalStateException("netcatudp source " + name + " is already started");
        }
        context.counter().start();
        ioGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("netcatudp-" + name + "-io"));
        commitGroup = new DefaultEventExecutorGroup(1, new DefaultThreadFactory("netcatudp-" + name + "-commit"));
        DatagramCommitHandler commitHandler = new DatagramCommitHandler(name, context.channelProcessor(),
                context.counter(), Math.max(1, context.maxBatchSize()));
        Bootstrap bootstrap = new Bootstrap()
                .group(ioGroup)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_BROADCAST, true)
                // Datagram sizes say nothing about more data waiting, so read up to the message limit.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER_BYTES)
                        .respectMaybeMoreData(false).maxMessagesPerRead(DATAGRAMS_PER_READ))
                .handler(new ChannelInitializer<NioDatagramChannel>() {
                    @Override
                    protected void initChannel(NioDatagramChannel ch) {
                        ch.pipeline()
                                .addLast("datagrams", new DatagramEventDecoder(name, addressHeader, context.counter()))
                                .addLast(commitGroup, "commit", commitHandler);
                    }
                });
        channel = NettyGroups.bind(bootstrap, "netcatudp source " + name, bind, port, this::stop);
        LOG.info("netcatudp source {} listening on {}", name, channel.localAddress());
    }

    /** The address the source listens on (useful with port 0), or null when it is not started. */
    public InetSocketAddress localAddress() {
        Channel ch = channel;
        return ch == null ? null : (InetSocketAddress) ch.localAddress();
    }

    @Override
    public void stop() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(NettyGroups.CLOSE_TIMEOUT_MILLIS);
        }
        NettyGroups.shutdown(LOG, "netcatudp source " + name, ioGroup, commitGroup);
        if (channel != null) {
            LOG.info("netcatudp source {} stopped", name);
        }
        ioGroup = null;
        commitGroup = null;
        channel = null;
        context.counter().stop();
    }
}
