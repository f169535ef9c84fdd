package io.sluice.sources.net.syslog;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.sluice.api.Event;
import io.sluice.api.util.RateLimitedLog;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each syslog datagram into one event, as Flume's syslogudp does: newlines before the message
 * are skipped, the message runs to the next {@code \n} or the end of the datagram, and bytes after
 * that newline are dropped (counted and logged here; Flume drops them silently). Datagrams of one
 * read loop go on as one batch (see {@link BatchingDecoder}); while it is committed the socket is
 * not read and datagrams wait in, or overflow, the kernel's receive buffer, as with any UDP receiver.
 *
 * <p>Thread model: the socket's event loop. One instance per socket, so the parser's caches and the
 * host-name cache need no locks.
 */
final class SyslogDatagramDecoder extends BatchingDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogDatagramDecoder.class);
    private static final int HOSTNAME_CACHE = 1024;

    private final SyslogMessageParser parser;
    private final ClientHeaders clientHeaders;
    private final SyslogProblems problems;
    private final String sourceName;
    private final RateLimitedLog errors = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final Map<InetSocketAddress, String> hostnames = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, String> eldest) {
            return size() > HOSTNAME_CACHE;
        }
    };
    private byte[] scratch = new byte[2048];

    SyslogDatagramDecoder(String sourceName, SyslogMessageParser parser, ClientHeaders clientHeaders,
                          SyslogProblems problems, SyslogCommitHandler committer, Executor executor,
                          int maxBatchEvents, int maxBatchBytes) {
        super(committer, executor, maxBatchEvents, maxBatchBytes);
        this.sourceName = sourceName;
        this.parser = parser;
        this.clientHeaders = clientHeaders;
        this.problems = problems;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            decode(packet);
        } finally {
            packet.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        errors.warn("{} source: receive failed: {}", sourceName, cause.toString());
    }

    @Override
    protected void resume() {
        if (hasPending()) {
            dispatch();
        } else {
            resumeReading();
        }
    }

    private void decode(DatagramPacket packet) {
        ByteBuf content = packet.content();
        int r = content.readerIndex();
        int w = content.writerIndex();
        while (r < w && content.getByte(r) == '\n') {
            r++;
        }
        if (r == w) {
            return; // only newlines: Flume makes no event of them either
        }
        int nl = content.indexOf(r, w, (byte) '\n');
        int end = nl < 0 ? w : nl;
        int len = end - r;
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, 2 * scratch.length)];
        }
        content.getBytes(r, scratch, 0, len);
        InetSocketAddress sender = packet.sender();
        Event e = parser.parse(scratch, len, false);
        String problem = parser.lastProblem();
        if (problem != null) {
            problems.flagged(e, problem, sender, scratch, len);
        }
        if (nl >= 0 && nl + 1 < w) {
            problems.discarded("bytes after the first newline of a datagram", sender, w - nl - 1);
        }
        String hostname = clientHeaders.needsHostname() ? hostnames.computeIfAbsent(sender, ClientHeaders::hostnameOf)
                : null;
        clientHeaders.apply(e, sender, hostname, null);
        add(e);
    }
}
