package io.sluice.sources.net.syslog;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.sluice.api.Event;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler (after TLS) of a syslog TCP connection: frames messages with {@link SyslogFramer},
 * parses each with the connection's {@link SyslogMessageParser}, adds the client headers, and
 * passes every read's events on as one batch (see {@link BatchingDecoder} for back-pressure).
 * When the client closes its side, an unterminated last message is still delivered, then the
 * connection is closed; a reset inside a message drops the fragment (counted and logged).
 *
 * <p>Thread model: the connection's event loop. One instance per connection.
 */
final class SyslogTcpDecoder extends BatchingDecoder implements SyslogFramer.FrameSink {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogTcpDecoder.class);

    private final String sourceName;
    private final SyslogFramer framer;
    private final SyslogMessageParser parser;
    private final ClientHeaders clientHeaders;
    private final SyslogProblems problems;

    private ByteBuf cumulation;
    private InetSocketAddress peer;
    private String peerHostname;
    private String localPort;
    private boolean inputEnded;
    private boolean finished;

    SyslogTcpDecoder(String sourceName, int eventSize, SyslogMessageParser parser, ClientHeaders clientHeaders,
                     SyslogProblems problems, SyslogCommitHandler committer, Executor executor, int maxBatchEvents,
                     int maxBatchBytes) {
        super(committer, executor, maxBatchEvents, maxBatchBytes);
        this.sourceName = sourceName;
        this.framer = new SyslogFramer(eventSize);
        this.parser = parser;
        this.clientHeaders = clientHeaders;
        this.problems = problems;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        peer = (InetSocketAddress) ctx.channel().remoteAddress();
        localPort = String.valueOf(((InetSocketAddress) ctx.channel().localAddress()).getPort());
        if (clientHeaders.needsHostname()) {
            peerHostname = ClientHeaders.hostnameOf(peer);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (finished || inputEnded) {
            in.release();
            return;
        }
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        if (!inFlight()) {
            decode();
        }
    }

    @Override
    public boolean frame(byte[] msg, int len, boolean cut) {
        Event e = parser.parse(msg, len, cut);
        String problem = parser.lastProblem();
        if (problem != null) {
            problems.flagged(e, problem, peer, msg, len);
        }
        clientHeaders.apply(e, peer, peerHostname, localPort);
        return add(e);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputEnded = true;
            if (!inFlight()) {
                endOfInput();
            }
            return;
        }
        if (evt instanceof ChannelInputShutdownReadComplete) {
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!finished && (framer.hasPartial() || (cumulation != null && cumulation.isReadable()))) {
            problems.discarded("the connection was reset inside a message", peer,
                    cumulation == null ? 0 : cumulation.readableBytes());
        }
        finished = true;
        dropPending();
        releaseCumulation();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause.getCause() instanceof IOException) {
            LOG.debug("{} source: connection {} failed: {}", sourceName, peer, cause.toString());
        } else {
            LOG.warn("{} source: closing connection {} after an unexpected error: {}", sourceName, peer, cause.toString());
        }
        ctx.close();
    }

    @Override
    protected void resume() {
        if (finished) {
            ctx.close();
            return;
        }
        if (cumulation != null) {
            decode();
            if (inFlight()) {
                return;
            }
        }
        if (hasPending()) {
            dispatch();
        } else if (inputEnded) {
            endOfInput();
        } else {
            resumeReading();
        }
    }

    private void decode() {
        framer.decode(cumulation, this);
        if (!cumulation.isReadable()) {
            releaseCumulation();
        }
        if (hasPending() && cumulation != null) {
            dispatch(); // the batch filled up inside one read
        }
    }

    private void endOfInput() {
        if (cumulation != null) {
            decode();
            if (inFlight()) {
                return;
            }
        }
        framer.finish(this);
        finished = true;
        if (hasPending()) {
            dispatch(); // resume() closes once it is committed
        } else {
            ctx.close();
        }
    }

    private void releaseCumulation() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
