package io.sluice.sources.avro;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ipfilter.IpFilterRule;
import io.netty.handler.ipfilter.RuleBasedIpFilter;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutorGroup;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.rpc.FrameDecoder;
import io.sluice.rpc.RpcFrame;
import io.sluice.rpc.SslContexts;
import io.sluice.rpc.TlsConfig;
import io.sluice.rpc.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds each accepted connection's pipeline, in Flume's layer order (spec §3.3):
 *
 * <pre>
 *   socket ─► [ipFilter] ─► [inflater, deflater] ─► [TLS] ─► FrameDecoder ─► gate ─► AvroCallHandler
 *              (event loop)                                   (bounded)      (pauses    (commit thread:
 *                                                                             reading)   channels, reply)
 * </pre>
 *
 * The gate stops reading from a connection while any of its calls is unanswered and resumes after
 * the reply, so a client that streams calls without waiting holds at most one frame (plus one read)
 * of memory. Keeps OpenConnectionCount. Shared by all connections of one source.
 */
final class AvroSourceInitializer extends ChannelInitializer<SocketChannel> {
    private static final AttributeKey<AtomicInteger> PENDING = AttributeKey.valueOf("sluice.avro.pending");

    private final AvroSourceState state;
    private final ChannelProcessor processor;
    private final SourceCounter counter;
    private final int maxBatchEvents;
    private final int maxFrameBytes;
    private final int deflateLevel;
    private final SslContext ssl;
    private final TlsConfig tls;
    private final List<IpFilterRule> ipRules;
    private final EventExecutorGroup commitGroup;
    private final ChannelGroup connections;

    AvroSourceInitializer(AvroSourceState state, ChannelProcessor processor, SourceCounter counter, int maxBatchEvents,
                          int maxFrameBytes, int deflateLevel, SslContext ssl, TlsConfig tls, List<IpFilterRule> ipRules,
                          EventExecutorGroup commitGroup, ChannelGroup connections) {
        this.state = state;
        this.processor = processor;
        this.counter = counter;
        this.maxBatchEvents = maxBatchEvents;
        this.maxFrameBytes = maxFrameBytes;
        this.deflateLevel = deflateLevel;
        this.ssl = ssl;
        this.tls = tls;
        this.ipRules = ipRules;
        this.commitGroup = commitGroup;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        counter.addOpenConnections(1);
        ch.closeFuture().addListener(f -> counter.addOpenConnections(-1));
        connections.add(ch);
        ch.attr(PENDING).set(new AtomicInteger());
        if (!ipRules.isEmpty()) {
            ch.pipeline().addLast("ipFilter", new LoggingIpFilter(ipRules));
        }
        Transport.addLayers(ch.pipeline(), deflateLevel, ssl == null ? null : SslContexts.serverHandler(ssl, tls, ch.alloc()));
        ch.pipeline()
                .addLast("frames", new FrameDecoder(maxFrameBytes))
                .addLast("gate", new Gate())
                .addLast(commitGroup, "calls", new AvroCallHandler(state, processor, counter, maxBatchEvents));
    }

    /** Called by the call handler after a reply: reading resumes once no call of the connection is pending. */
    static void resumeReading(Channel ch) {
        if (ch.attr(PENDING).get().decrementAndGet() == 0) {
            ch.config().setAutoRead(true);
        }
    }

    /** Pauses reading while a call of the connection is unanswered; runs on the event loop. */
    private final class Gate extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof RpcFrame) {
                ctx.channel().attr(PENDING).get().incrementAndGet();
                ctx.channel().config().setAutoRead(false);
                state.callStarted();
            }
            ctx.fireChannelRead(msg);
        }
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
