package io.sluice.sources.net.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutorGroup;
import io.sluice.api.metrics.SourceCounter;
import java.util.concurrent.TimeUnit;

/**
 * Builds each accepted http connection's pipeline and keeps OpenConnectionCount:
 *
 * <pre>
 *   socket ─► [TLS] ─► HttpServerCodec ─► IdleStateHandler ─► HttpRequestReader ─► HttpCall ─► HttpRequestCommitter
 *             (event loop: HTTP/1.1 framing, limits, body)              (the connection's commit thread: handler, put, reply)
 * </pre>
 *
 * Shared by all connections of one source; {@link #initChannel} runs on the new connection's event loop.
 */
final class HttpSourceInitializer extends ChannelInitializer<SocketChannel> {
    static final int MAX_INITIAL_LINE_BYTES = 8 * 1024;
    static final int MAX_CHUNK_BYTES = 64 * 1024;

    private final String sourceName;
    private final SslContext ssl;
    private final int maxHeaderBytes;
    private final long idleMillis;
    private final long maxBodyBytes;
    private final RequestBudget budget;
    private final HttpResponses responses;
    private final HttpRejections rejections;
    private final SourceCounter counter;
    private final HttpRequestCommitter committer;
    private final EventExecutorGroup commitGroup;
    private final ChannelGroup connections;

    HttpSourceInitializer(String sourceName, SslContext ssl, int maxHeaderBytes, long idleMillis, long maxBodyBytes,
                          RequestBudget budget, HttpResponses responses, HttpRejections rejections,
                          SourceCounter counter, HttpRequestCommitter committer, EventExecutorGroup commitGroup,
                          ChannelGroup connections) {
        this.sourceName = sourceName;
        this.ssl = ssl;
        this.maxHeaderBytes = maxHeaderBytes;
        this.idleMillis = idleMillis;
        this.maxBodyBytes = maxBodyBytes;
        this.budget = budget;
        this.responses = responses;
        this.rejections = rejections;
        this.counter = counter;
        this.committer = committer;
        this.commitGroup = commitGroup;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        counter.addOpenConnections(1);
        ch.closeFuture().addListener(f -> counter.addOpenConnections(-1));
        connections.add(ch);
        if (ssl != null) {
            ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
        }
        ch.pipeline()
                .addLast("http", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, maxHeaderBytes, MAX_CHUNK_BYTES))
                .addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                .addLast("reader", new HttpRequestReader(sourceName, maxBodyBytes, budget, responses, rejections,
                        idleMillis, committer, commitGroup.next(), counter));
    }
}
