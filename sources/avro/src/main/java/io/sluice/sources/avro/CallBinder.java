package io.sluice.sources.avro;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.apache.avro.ipc.netty.NettyTransportCodec.NettyDataPack;

/**
 * Sits between Avro's {@code NettyFrameDecoder} and {@code NettyServer}'s handler and marks each
 * decoded call with its connection: {@code NettyServer} hands its {@code Responder} only the call's
 * buffers and a channel-less transceiver, and {@link AvroSourceResponder} needs the connection's
 * handshake state and a way to have it closed. Counts the call as started for the source's drain
 * at stop. One per connection, on its event loop.
 */
final class CallBinder extends ChannelInboundHandlerAdapter {
    private final AvroConnection connection;
    private final AvroSourceState state;

    CallBinder(AvroConnection connection, AvroSourceState state) {
        this.connection = connection;
        this.state = state;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof NettyDataPack pack) {
            state.callStarted();
            pack.setDatas(new Call(connection, pack.getDatas()));
        }
        ctx.fireChannelRead(msg);
    }

    /** A call's buffers, as Avro decoded them, with the connection they came from. */
    static final class Call extends AbstractList<ByteBuffer> implements RandomAccess {
        private final AvroConnection connection;
        private final List<ByteBuffer> buffers;

        Call(AvroConnection connection, List<ByteBuffer> buffers) {
            this.connection = connection;
            this.buffers = buffers;
        }

        AvroConnection connection() {
            return connection;
        }

        @Override
        public ByteBuffer get(int index) {
            return buffers.get(index);
        }

        @Override
        public int size() {
            return buffers.size();
        }
    }
}
