package io.sluice.sources.net.netcat;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutorGroup;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.api.util.RateLimitedLog;
import java.nio.charset.Charset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each accepted connection's pipeline:
 *
 * <pre>
 *   socket bytes ─► NetcatLineDecoder ─► LineBatch ─► NetcatCommitHandler ─► channel processor
 *                    (event loop: framing,              (commit executor: put + commit,
 *                     decoding, back-pressure)            OK / FAILED replies)
 * </pre>
 *
 * It also enforces {@code maxConnections} and keeps OpenConnectionCount. Shared by all connections
 * of one source; {@link #initChannel} runs on the new connection's event loop.
 */
final class NetcatInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(NetcatInitializer.class);

    private final String sourceName;
    private final Charset encoding;
    private final int maxLineLength;
    private final int maxConnections;
    private final int maxBatchEvents;
    private final int maxBatchBytes;
    private final SourceCounter counter;
    private final NetcatCommitHandler commitHandler;
    private final EventExecutorGroup commitGroup;
    private final ChannelGroup connections;
    private final AtomicInteger open = new AtomicInteger();
    private final RateLimitedLog refused = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    // Shared by all connections, so one flood of bad clients logs once per interval.
    private final RateLimitedLog problems =
            new RateLimitedLog(LoggerFactory.getLogger(NetcatLineDecoder.class), 10, TimeUnit.SECONDS);

    NetcatInitializer(String sourceName, Charset encoding, int maxLineLength, int maxConnections, int maxBatchEvents,
                      int maxBatchBytes, SourceCounter counter, NetcatCommitHandler commitHandler,
                      EventExecutorGroup commitGroup, ChannelGroup connections) {
        this.sourceName = sourceName;
        this.encoding = encoding;
        this.maxLineLength = maxLineLength;
        this.maxConnections = maxConnections;
        this.maxBatchEvents = maxBatchEvents;
        this.maxBatchBytes = maxBatchBytes;
        this.counter = counter;
        this.commitHandler = commitHandler;
        this.commitGroup = commitGroup;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        int now = open.incrementAndGet();
        if (maxConnections > 0 && now > maxConnections) {
            open.decrementAndGet();
            refused.warn("netcat source {}: refusing connection from {}: already {} open (maxConnections)",
                    sourceName, ch.remoteAddress(), maxConnections);
            ch.close();
            return;
        }
        counter.addOpenConnections(1);
        ch.closeFuture().addListener(f -> {
            open.decrementAndGet();
            counter.addOpenConnections(-1);
        });
        connections.add(ch);
        ch.pipeline()
                .addLast("lines", new NetcatLineDecoder(sourceName, LineSplitter.forCharset(encoding, maxLineLength),
                        maxBatchEvents, maxBatchBytes, counter, problems))
                .addLast(commitGroup, "commit", commitHandler);
    }
}
