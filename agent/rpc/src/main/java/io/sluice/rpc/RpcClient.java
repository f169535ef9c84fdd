package io.sluice.rpc;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.sluice.api.Event;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Protocol;

/**
 * A client of one Avro source (Flume's or Sluice's) over one connection, speaking Flume's
 * {@code AvroSourceProtocol} (spec §3): {@link #appendBatch} sends a batch and returns the server's
 * {@code Status}. The first call carries the handshake with this side's protocol text, so any Avro
 * server answers it in one round trip.
 *
 * <p>Any failure (connect, TLS, timeout, I/O, malformed reply, server error) throws
 * {@link RpcException} and leaves the client closed ({@link #isActive()} false): whether the server
 * committed a call that timed out is unknown, so the caller rolls back and retries on a new client,
 * as Flume's sink does (at-least-once).
 *
 * <p>Thread-safe; calls are serialised (one outstanding call per connection). The event loop group
 * belongs to the caller.
 */
public final class RpcClient implements AutoCloseable {
    private final RpcClientConfig config;
    private final Channel channel;
    /** Flume's handshake request with this side's protocol text, sent on a connection's first call. */
    private static final byte[] HANDSHAKE = handshake();

    private final Object callLock = new Object();
    private volatile CompletableFuture<RpcFrame> pending;
    private volatile boolean closed;
    private boolean handshaken;
    private int okIndex = 0;
    private int serial;

    private RpcClient(RpcClientConfig config, Channel channel) {
        this.config = config;
        this.channel = channel;
    }

    /**
     * Connects within the connect timeout, TLS handshake included.
     *
     * @param ssl a client context from {@link SslContexts#client}, or null for plain TCP
     */
    public static RpcClient connect(RpcClientConfig config, SslContext ssl, EventLoopGroup group) throws RpcException {
        RpcClient[] self = new RpcClient[1];
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler tls = ssl == null ? null
                                : SslContexts.clientHandler(ssl, config.tls(), ch.alloc(), config.host(), config.port());
                        Transport.addLayers(ch.pipeline(), config.deflateLevel(), tls);
                        ch.pipeline().addLast("frames", new FrameDecoder(config.maxReplyBytes()));
                        ch.pipeline().addLast("replies", new ReplyHandler(() -> self[0]));
                    }
                });
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMillis());
        ChannelFuture connect = b.connect(config.host(), config.port());
        try {
            if (!connect.await(config.connectTimeoutMillis() + 1000L)) {
                connect.channel().close();
                throw new RpcException("connect to " + config.address() + " timed out after "
                        + config.connectTimeoutMillis() + " ms");
            }
            if (!connect.isSuccess()) {
                throw new RpcException("cannot connect to " + config.address() + ": " + describe(connect.cause()),
                        connect.cause());
            }
            Channel ch = connect.channel();
            self[0] = new RpcClient(config, ch);
            SslHandler tls = ch.pipeline().get(SslHandler.class);
            if (tls != null) {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                var done = tls.handshakeFuture();
                if (!done.await(left) || !done.isSuccess()) {
                    ch.close();
                    throw new RpcException("TLS handshake with " + config.address() + " failed: "
                            + (done.isDone() ? describe(done.cause()) : "no answer within the connect timeout"),
                            done.cause());
                }
            }
            return self[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connect.channel().close();
            throw new RpcException("interrupted while connecting to " + config.address());
        }
    }

    /** Sends a batch; true when the server answered OK (every event committed), false for FAILED or UNKNOWN. */
    public boolean appendBatch(List<Event> events) throws RpcException {
        return call(FlumeProtocol.APPEND_BATCH, EventCodec.maxBatchSize(events), w -> EventCodec.writeBatch(w, events));
    }

    /** Sends one event with {@code append}. */
    public boolean append(Event event) throws RpcException {
        return call(FlumeProtocol.APPEND, (int) Math.min(Integer.MAX_VALUE - 64, EventCodec.maxEventSize(event)),
                w -> EventCodec.writeEvent(w, event));
    }

    public boolean isActive() {
        return !closed && channel.isActive();
    }

    public String address() {
        return config.address();
    }

    @Override
    public void close() {
        closed = true;
        channel.close().awaitUninterruptibly(2000);
    }

    private interface Params {
        void write(ByteBuf out);
    }

    private boolean call(String message, int paramsBytes, Params params) throws RpcException {
        synchronized (callLock) {
            if (!isActive()) {
                throw new RpcException("connection to " + config.address() + " is closed");
            }
            boolean withHandshake = !handshaken;
            // Encoded straight into the (direct) buffer the socket writes from: each body is copied once.
            ByteBuf frame = RpcFrame.allocate(channel.alloc(), paramsBytes + HANDSHAKE.length + 32);
            try {
                if (withHandshake) {
                    frame.writeBytes(HANDSHAKE);
                }
                frame.writeByte(0); // call metadata: empty map
                AvroOutput.writeString(frame, message);
                params.write(frame);
                RpcFrame.seal(frame, ++serial);
            } catch (RuntimeException e) {
                frame.release();
                throw e;
            }
            CompletableFuture<RpcFrame> reply = new CompletableFuture<>();
            pending = reply;
            channel.writeAndFlush(frame).addListener(f -> {
                if (!f.isSuccess()) {
                    reply.completeExceptionally(f.cause());
                }
            });
            long timeout = config.requestTimeoutMillis() + (withHandshake ? config.connectTimeoutMillis() : 0L);
            RpcFrame answer;
            try {
                answer = reply.get(timeout, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                close();
                throw new RpcException(message + " to " + config.address() + " got no reply within " + timeout + " ms");
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new RpcException(message + " to " + config.address() + " interrupted",
                        new InterruptedIOException());
            } catch (ExecutionException e) {
                close();
                throw new RpcException(message + " to " + config.address() + " failed: " + describe(e.getCause()),
                        e.getCause());
            } finally {
                pending = null;
            }
            try {
                return readReply(answer, message, withHandshake);
            } catch (RpcException e) {
                close();
                throw e;
            } finally {
                answer.payload().release();
            }
        }
    }

    private boolean readReply(RpcFrame answer, String message, boolean withHandshake) throws RpcException {
        if (answer.serial() != serial) {
            throw new RpcException("reply from " + config.address() + " has serial " + answer.serial()
                    + ", expected " + serial);
        }
        ByteBuf in = answer.payload();
        try {
            if (withHandshake) {
                Handshake.Response hs = Handshake.readResponse(in);
                if (hs.match() == Handshake.Match.NONE) {
                    throw new RpcException(config.address() + " did not accept the handshake with Flume's "
                            + "AvroSourceProtocol (match NONE)");
                }
                if (hs.match() == Handshake.Match.CLIENT) {
                    okIndex = serverOkIndex(hs.serverProtocol(), message);
                }
                handshaken = true;
            }
            AvroInput.skipMapOfBytes(in);
            if (AvroInput.readBoolean(in)) {
                int branch = AvroInput.readInt(in);
                String error = branch == 0 ? AvroInput.readString(in) : "(error of union branch " + branch + ")";
                throw new RpcException(config.address() + " answered " + message + " with an error: " + error);
            }
            return AvroInput.readInt(in) == okIndex;
        } catch (MalformedRpcException e) {
            throw new RpcException("malformed reply from " + config.address() + ": " + e.getMessage(), e);
        }
    }

    private int serverOkIndex(String serverProtocol, String message) throws RpcException {
        try {
            int idx = serverProtocol == null ? -1 : FlumeProtocol.okIndex(Protocol.parse(serverProtocol), message);
            if (idx < 0) {
                throw new RpcException(config.address() + " speaks a protocol without " + message + " returning a "
                        + "Status with OK");
            }
            return idx;
        } catch (RuntimeException e) {
            throw new RpcException(config.address() + " sent a protocol that does not parse: " + e.getMessage(), e);
        }
    }

    private void replied(RpcFrame frame) {
        CompletableFuture<RpcFrame> p = pending;
        if (p == null || !p.complete(frame)) {
            frame.payload().release();
        }
    }

    private void failed(Throwable cause) {
        CompletableFuture<RpcFrame> p = pending;
        if (p != null) {
            p.completeExceptionally(cause);
        }
    }

    private static byte[] handshake() {
        ByteBuf b = Unpooled.buffer();
        Handshake.writeRequest(b, FlumeProtocol.md5(), FlumeProtocol.TEXT, FlumeProtocol.md5());
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown cause";
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    /** Hands replies and connection loss to the client; runs on the connection's event loop. */
    private static final class ReplyHandler extends SimpleChannelInboundHandler<RpcFrame> {
        private final java.util.function.Supplier<RpcClient> client;

        ReplyHandler(java.util.function.Supplier<RpcClient> client) {
            super(false);
            this.client = client;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RpcFrame frame) {
            RpcClient c = client.get();
            if (c == null) {
                frame.payload().release();
            } else {
                c.replied(frame);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            RpcClient c = client.get();
            if (c != null) {
                c.failed(new RpcException("connection closed by " + ctx.channel().remoteAddress()));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            RpcClient c = client.get();
            if (c != null) {
                c.failed(cause);
            }
            ctx.close();
        }
    }
}
