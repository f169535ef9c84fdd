package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.JdkZlibEncoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InflateHandlerTest {

    /** zlib bytes of {@code plain}, as a peer's deflater sends them (sync-flushed, stream kept open). */
    static ByteBuf deflate(ByteBuf plain) {
        EmbeddedChannel out = new EmbeddedChannel(new JdkZlibEncoder(ZlibWrapper.ZLIB, 9));
        out.writeOutbound(plain);
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b = out.readOutbound(); b != null; b = out.readOutbound()) {
            all.writeBytes(b);
            b.release();
        }
        return all;
    }

    @Test
    void framesInsideAZlibStreamArriveWhole() {
        EmbeddedChannel in = new EmbeddedChannel(new InflateHandler(), new FrameDecoder(1 << 20));
        ByteBuf frame = FrameDecoderTest.frame(5, "compressed ", "payload");
        in.writeInbound(deflate(frame));
        RpcFrame f = in.readInbound();
        assertEquals(5, f.serial());
        assertEquals("compressed payload", FrameDecoderTest.text(f));
    }

    @Test
    void aCompressedBombMeetsTheFrameLimitAfterOnePieceNotAfterInflatingEverything() {
        ByteBuf bomb = Unpooled.buffer().writeInt(1).writeInt(1).writeInt(256 << 20);
        bomb.writeZero(64 << 20);
        ByteBuf compressed = deflate(bomb);
        assertTrue(compressed.readableBytes() < 1 << 20, "64 MiB of zeros compress to " + compressed.readableBytes());
        EmbeddedChannel in = new EmbeddedChannel(new InflateHandler(), new FrameDecoder(1 << 20));
        assertThrows(TooLongFrameException.class, () -> in.writeInbound(compressed));
    }

    /**
     * A handler after the inflater turns reading off at the first piece: inflating stops there (the
     * rest stays compressed), and goes on when reading resumes.
     */
    @Test
    void inflatingPausesWhileTheConnectionIsNotReadAndResumesWithIt() {
        ByteBuf plain = Unpooled.buffer().writeZero(5 * InflateHandler.CHUNK_BYTES);
        List<ByteBuf> pieces = new ArrayList<>();
        EmbeddedChannel in = new EmbeddedChannel(new InflateHandler(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                pieces.add((ByteBuf) msg);
                ctx.channel().config().setAutoRead(false);
            }
        });
        in.writeInbound(deflate(plain));
        assertEquals(1, pieces.size(), "inflated past a pause");
        int total = pieces.get(0).readableBytes();
        while (total < 5 * InflateHandler.CHUNK_BYTES) {
            int before = pieces.size();
            in.config().setAutoRead(true);
            assertEquals(before + 1, pieces.size(), "one piece per resume");
            total += pieces.get(pieces.size() - 1).readableBytes();
        }
        assertEquals(5 * InflateHandler.CHUNK_BYTES, total);
        pieces.forEach(ByteBuf::release);
    }

    @Test
    void aCorruptStreamFails() {
        EmbeddedChannel in = new EmbeddedChannel(new InflateHandler());
        assertThrows(Exception.class,
                () -> in.writeInbound(Unpooled.copiedBuffer("not zlib at all", StandardCharsets.US_ASCII)));
    }
}
