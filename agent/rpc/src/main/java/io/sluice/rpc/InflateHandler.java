package io.sluice.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the peer's zlib stream (RFC 1950, one stream per connection, sync-flushed) and hands
 * the result on in pieces of at most {@link #CHUNK_BYTES} as it goes, so the frame decoder after it
 * sees every piece (and refuses an oversized frame) before the next is made. Netty's zlib decoders
 * inflate a whole socket read into one buffer first: a few hundred compressed kilobytes could become
 * hundreds of megabytes there, or, with a cap, a legitimate read of very repetitive events would be
 * refused. One instance per connection, used on its event loop only.
 */
public final class InflateHandler extends ChannelInboundHandlerAdapter {
    static final int CHUNK_BYTES = 64 * 1024;

    private final Inflater inflater = new Inflater();
    private boolean ended;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (ended || inflater.finished()) {
                return;
            }
            inflater.setInput(in.nioBuffer());
            // Stops once the connection is closed (e.g. the frame decoder refused what came out).
            while (ctx.channel().isActive()) {
                ByteBuf chunk = ctx.alloc().heapBuffer(CHUNK_BYTES);
                int n;
                try {
                    n = inflater.inflate(chunk.array(), chunk.arrayOffset(), CHUNK_BYTES);
                } catch (DataFormatException e) {
                    chunk.release();
                    ended = true;
                    throw new DecoderException("the peer's zlib stream is corrupt: " + e.getMessage(), e);
                }
                if (n == 0) {
                    chunk.release();
                    if (inflater.needsInput() || inflater.finished() || inflater.needsDictionary()) {
                        return;
                    }
                    continue;
                }
                chunk.writerIndex(n);
                ctx.fireChannelRead(chunk);
            }
        } finally {
            in.release();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ended = true;
        inflater.end();
    }
}
