package io.sluice.rpc;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.JdkZlibEncoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.ssl.SslHandler;

/**
 * The layers under the frames, in Flume's order (spec §3.3): on the wire {@code zlib(TLS(frames))},
 * i.e. from the socket inwards: inflater, deflater, TLS, then the frame codec. zlib is one continuous
 * RFC 1950 stream per direction, sync-flushed at every write, as the JZlib codec Flume uses
 * produces. Stateless.
 */
public final class Transport {
    private Transport() {
    }

    /**
     * Adds compression (when {@code deflateLevel >= 0}) and TLS (when {@code ssl} is not null) at the
     * tail of a pipeline that has nothing else yet. The inflater hands on what it inflates in small
     * pieces (see {@link InflateHandler}), so a compressed bomb meets the frame limit, not the heap.
     */
    public static void addLayers(ChannelPipeline p, int deflateLevel, SslHandler ssl) {
        if (deflateLevel >= 0) {
            p.addLast("inflater", new InflateHandler());
            p.addLast("deflater", new JdkZlibEncoder(ZlibWrapper.ZLIB, deflateLevel));
        }
        if (ssl != null) {
            p.addLast("ssl", ssl);
        }
    }
}
