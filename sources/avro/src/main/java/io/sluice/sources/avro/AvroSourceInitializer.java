package io.sluice.sources.avro;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ipfilter.IpFilterRule;
import io.netty.handler.ipfilter.RuleBasedIpFilter;
import io.netty.handler.ssl.SslContext;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.rpc.ServerSession;
import io.sluice.rpc.SslContexts;
import io.sluice.rpc.TlsConfig;
import io.sluice.rpc.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.ipc.netty.NettyTransportCodec.NettyFrameDecoder;

/**
 * Builds the front of each accepted connection's pipeline for {@code NettyServer}, which calls it
 * before adding Avro's frame decoder, frame encoder and call handler, in Flume's layer order
 * (spec §3.3):
 *
 * <pre>
 *   socket ─► [ipFilter] ─► [inflater, deflater] ─► [TLS] ─► FrameGuard ─► NettyFrameDecoder ─► CallBinder ─► NettyServer's handler
 *   (ours, on the event loop ..................................................)  (Avro's)       (ours)         (Avro's: caller thread, responder)
 * </pre>
 *
 * {@link CallBinder} goes between Avro's decoder and handler once they are there, when the channel
 * registers. Keeps OpenConnectionCount. Shared by all connections of one source.
 */
final class AvroSourceInitializer implements Consumer<SocketChannel> {
    private final AvroSourceState state;
    private final SourceCounter counter;
    private final int maxFrameBytes;
    private final long halfFrameMillis;
    private final int deflateLevel;
    private final SslContext ssl;
    private final TlsConfig tls;
    private final List<IpFilterRule> ipRules;
    private final ChannelGroup connections;

    AvroSourceInitializer(AvroSourceState state, SourceCounter counter, int maxFrameBytes, long halfFrameMillis,
                          int deflateLevel, SslContext ssl, TlsConfig tls, List<IpFilterRule> ipRules,
                          ChannelGroup connections) {
        this.state = state;
        this.counter = counter;
        this.maxFrameBytes = maxFrameBytes;
        this.halfFrameMillis = halfFrameMillis;
        this.deflateLevel = deflateLevel;
        this.ssl = ssl;
        this.tls = tls;
        this.ipRules = ipRules;
        this.connections = connections;
    }

    @Override
    public void accept(SocketChannel ch) {
        counter.addOpenConnections(1);
        ch.closeFuture().addListener(f -> counter.addOpenConnections(-1));
        connections.add(ch);
        AvroConnection connection = new AvroConnection(ch, new ServerSession(state.knownProtocols()));
        ChannelPipeline p = ch.pipeline();
        if (!ipRules.isEmpty()) {
            p.addLast("ipFilter", new LoggingIpFilter(ipRules));
        }
        Transport.addLayers(p, deflateLevel, ssl == null ? null : SslContexts.serverHandler(ssl, tls, ch.alloc()));
        p.addLast("guard", new FrameGuard(connection, state, counter, maxFrameBytes, halfFrameMillis));
        p.addLast("bind-calls", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRegistered(ChannelHandlerContext ctx) {
                ChannelPipeline pipeline = ctx.pipeline();
                ChannelHandlerContext decoder = pipeline.context(NettyFrameDecoder.class);
                if (decoder == null) {
                    throw new IllegalStateException("NettyServer did not add Avro's NettyFrameDecoder");
                }
                // FrameGuard passes frames on in pieces; gathering them without a copy leaves Avro's
                // decoder one copy per buffer (into the ByteBuffer it hands the responder), not two.
                ((NettyFrameDecoder) decoder.handler()).setCumulator(ByteToMessageDecoder.COMPOSITE_CUMULATOR);
                pipeline.addAfter(decoder.name(), "call-binder", new CallBinder(connection, state));
                ctx.fireChannelRegistered();
                pipeline.remove(this);
            }
        });
    }

    /** Netty's rule filter (first match decides, no match accepts), with refusals logged. */
    private final class LoggingIpFilter extends RuleBasedIpFilter {
        LoggingIpFilter(List<IpFilterRule> rules) {
            super(rules.toArray(new IpFilterRule[0]));
        }

        @Override
        protected io.netty.channel.ChannelFuture channelRejected(ChannelHandlerContext ctx, InetSocketAddress remote) {
            state.refusals().warn("avro source {}: connection from {} refused by ipFilterRules", state.name(), remote);
            return null;
        }
    }
}
