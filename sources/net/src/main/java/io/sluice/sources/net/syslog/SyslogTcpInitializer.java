package io.sluice.sources.net.syslog;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutorGroup;
import io.sluice.api.metrics.SourceCounter;
import java.util.function.IntFunction;

/**
 * Builds each accepted syslog TCP connection's pipeline and keeps OpenConnectionCount:
 *
 * <pre>
 *   socket ─► [TLS] ─► SyslogTcpDecoder ─► SyslogBatch ─► SyslogCommitHandler ─► channel processor
 *             (event loop: framing, parsing, back-pressure)   (the connection's commit thread: put, retry)
 * </pre>
 *
 * Shared by all connections of one source; {@link #initChannel} runs on the new connection's event loop.
 */
final class SyslogTcpInitializer extends ChannelInitializer<SocketChannel> {
    /** Most events of one read passed on at once. */
    static final int READ_BATCH_EVENTS = 1024;
    /** Body bytes after which a read's batch is passed on without waiting for the end of the read. */
    static final int READ_BATCH_BYTES = 64 * 1024;

    private final String sourceName;
    private final SslContext ssl;
    private final int eventSize;
    private final IntFunction<SyslogMessageParser> parsers;
    private final ClientHeaders clientHeaders;
    private final SyslogProblems problems;
    private final SourceCounter counter;
    private final SyslogCommitHandler commitHandler;
    private final EventExecutorGroup commitGroup;
    private final ChannelGroup connections;

    /** @param parsers a new parser for a connection on the given local port */
    SyslogTcpInitializer(String sourceName, SslContext ssl, int eventSize, IntFunction<SyslogMessageParser> parsers,
                         ClientHeaders clientHeaders, SyslogProblems problems, SourceCounter counter,
                         SyslogCommitHandler commitHandler, EventExecutorGroup commitGroup, ChannelGroup connections) {
        this.sourceName = sourceName;
        this.ssl = ssl;
        this.eventSize = eventSize;
        this.parsers = parsers;
        this.clientHeaders = clientHeaders;
        this.problems = problems;
        this.counter = counter;
        this.commitHandler = commitHandler;
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
                .addLast("syslog", new SyslogTcpDecoder(sourceName, eventSize, parsers.apply(ch.localAddress().getPort()),
                        clientHeaders, problems, commitHandler, commitGroup.next(), READ_BATCH_EVENTS,
                        READ_BATCH_BYTES));
    }
}
