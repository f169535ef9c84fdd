package io.sluice.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the peer's zlib stream (RFC 1950, one stream per connection, sync-flushed) and hands
 * the result on in pieces of at most {@link #CHUNK_BYTES} as it goes, so the handlers after it see
 * every piece (and can refuse an oversized frame) before the next is made. Netty's zlib decoders
 * inflate a whole socket read into one buffer first: a few hundred compressed kilobytes could become
 * hundreds of megabytes there, or, with a cap, a legitimate read of very repetitive events would be
 * refused.
 *
 * <p>It inflates only while the connection is being read: when a handler after it turns auto-read
 * off (a call is pending, a memory budget is spent), it stops after the current piece and keeps the
 * rest of the compressed input, and goes on when reading resumes. So a pause holds at most one
 * socket read of compressed bytes, never what they would inflate to. One instance per connection,
 * used on its event loop only.
 */
public final class InflateHandler extends ChannelDuplexHandler {
    static final int CHUNK_BYTES = 64 * 1024;

    private final Inflater inflater = new Inflater();
    /** Compressed bytes the inflater has not finished with; null when it needs input. */
    private ByteBuf input;
    private boolean ended;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (ended || inflater.finished()) {
            in.release();
            return;
        }
        if (input == null) {
            input = in;
        } else {
            // Rare: more bytes arrived while paused. The inflater takes one input, so join the rest to them.
            ByteBuf rest = input.slice(input.writerIndex() - inflater.getRemaining(), inflater.getRemaining());
            ByteBuf joined = Unpooled.buffer(rest.readableBytes() + in.readableBytes()).writeBytes(rest).writeBytes(in);
            input.release();
            in.release();
            input = joined;
        }
        inflater.setInput(input.nioBuffer());
        inflate(ctx);
    }

    /** Resumes with the held input before asking the socket for more. */
    @Override
    public void read(ChannelHandlerContext ctx) {
        if (input != null) {
            inflate(ctx);
            if (input != null) {
                return;
            }
        }
        ctx.read();
    }

    private void inflate(ChannelHandlerContext ctx) {
        // Stops once the connection is closed (e.g. a frame was refused) or no longer read.
        while (ctx.channel().isActive() && ctx.channel().config().isAutoRead()) {
            ByteBuf chunk = ctx.alloc().heapBuffer(CHUNK_BYTES);
            int n;
            try {
                n = inflater.inflate(chunk.array(), chunk.arrayOffset(), CHUNK_BYTES);
            } catch (DataFormatException e) {
                chunk.release();
                end();
                throw new DecoderException("the peer's zlib stream is corrupt: " + e.getMessage(), e);
            }
            if (n == 0) {
                chunk.release();
                if (inflater.needsInput() || inflater.finished() || inflater.needsDictionary()) {
                    releaseInput();
                    return;
                }
                continue;
            }
            chunk.writerIndex(n);
            ctx.fireChannelRead(chunk);
        }
        if (!ctx.channel().isActive()) {
            releaseInput();
        }
    }

    private void releaseInput() {
        if (input != null) {
            input.release();
            input = null;
        }
    }

    private void end() {
        if (!ended) {
            ended = true;
            releaseInput();
            inflater.end();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        end();
    }
}
