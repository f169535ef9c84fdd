package io.sluice.sources.net.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.sources.net.http.HttpRejections.Reason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one request at a time from a connection, after Netty's HTTP codec: checks the method, the
 * declared size and the source-wide {@link RequestBudget} before reading a body, answers
 * {@code Expect: 100-continue}, gathers the body into one array, and hands the complete request to
 * the commit executor as an {@link HttpCall}. Then it stops reading until {@link #done} (one request
 * in flight per connection; requests a client pipelines wait, already decoded, in a queue bounded by
 * one socket read).
 *
 * <p>Refusals are answered here, at once, with the connection closed after the reply, since the
 * rest of the body is unread: 400 (malformed HTTP), 414 / 431 (request line / headers too long),
 * 403 (TRACE, OPTIONS, as Flume), 405 (other methods), 417 (an expectation other than
 * 100-continue), 413 (a body over the limit, declared or as it arrives), 503 (the budget is spent),
 * 408 (a request stalled for the idle timeout). A connection idle between requests for the idle
 * timeout is closed without a word.
 *
 * <p>Thread model: the connection's event loop, except the commit, which runs on the connection's
 * commit executor thread, and {@link #done}, which hops back. One instance per connection.
 */
final class HttpRequestReader extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRequestReader.class);
    private static final int FIRST_CHUNK_BUFFER = 8 * 1024;

    private final String sourceName;
    private final long maxBodyBytes;
    private final RequestBudget budget;
    private final HttpResponses responses;
    private final HttpRejections rejections;
    private final long idleMillis;
    private final HttpRequestCommitter committer;
    private final Executor executor;
    private final SourceCounter counter;

    private ChannelHandlerContext ctx;
    private InetSocketAddress peer;
    private HttpRequest head;
    private byte[] body;
    private int length;
    private long declared;
    private long reserved;
    private boolean inFlight;
    private boolean closing;
    private final ArrayDeque<Object> queued = new ArrayDeque<>(2);

    HttpRequestReader(String sourceName, long maxBodyBytes, RequestBudget budget, HttpResponses responses,
                      HttpRejections rejections, long idleMillis, HttpRequestCommitter committer, Executor executor, SourceCounter counter) {
        this.sourceName = sourceName;
        this.maxBodyBytes = maxBodyBytes;
        this.budget = budget;
        this.responses = responses;
        this.rejections = rejections;
        this.idleMillis = idleMillis;
        this.committer = committer;
        this.executor = executor;
        this.counter = counter;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        peer = (InetSocketAddress) ctx.channel().remoteAddress();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (inFlight) {
            queued.add(msg);
        } else {
            handle(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (inFlight || closing) {
                return; // a slow commit is not the client's silence
            }
            if (head != null) {
                reject(Reason.TIMEOUT, HttpResponseStatus.REQUEST_TIMEOUT, "no data for " + idleMillis
                        + " ms in the middle of a request");
            } else {
                rejections.idleClosed();
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        abandonRequest();
        releaseQueued();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
            rejections.reject(Reason.TLS, peer, 0, "TLS handshake failed: " + cause.getCause().getMessage());
        } else if (cause instanceof IOException) {
            LOG.debug("http source {}: connection {} failed: {}", sourceName, peer, cause.toString());
        } else {
            LOG.warn("http source {}: closing connection {} after an unexpected error: {}", sourceName, peer,
                    cause.toString());
        }
        ctx.close();
    }

    /** Called once the call's reply is written; resumes this connection on its event loop. Thread-safe. */
    void done(HttpCall call) {
        EventLoop loop = ctx.channel().eventLoop();
        if (loop.inEventLoop()) {
            afterCall(call);
        } else {
            try {
                loop.execute(() -> afterCall(call));
            } catch (RejectedExecutionException e) {
                budget.release(call.reservedBytes()); // stopping: no loop left, but the budget must add up
            }
        }
    }

    private void afterCall(HttpCall call) {
        budget.release(call.reservedBytes());
        inFlight = false;
        if (!call.keepAlive()) {
            closing = true;
        }
        if (closing || !ctx.channel().isActive()) {
            releaseQueued();
            return;
        }
        Object next;
        while (!inFlight && !closing && (next = queued.poll()) != null) {
            handle(next);
        }
        if (!inFlight && !closing) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void handle(Object msg) {
        try {
            if (msg instanceof HttpRequest req && !begin(req)) {
                return;
            }
            if (msg instanceof HttpContent content && head != null) {
                append(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private boolean begin(HttpRequest req) {
        DecoderResult result = req.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            if (cause instanceof TooLongHttpLineException) {
                reject(Reason.HEADERS_TOO_LARGE, HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
            } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
                reject(Reason.HEADERS_TOO_LARGE, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        "request headers too large");
            } else {
                reject(Reason.BAD_REQUEST, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request: " + cause.getMessage());
            }
            return false;
        }
        HttpMethod method = req.method();
        if (method.equals(HttpMethod.TRACE) || method.equals(HttpMethod.OPTIONS)) {
            reject(Reason.METHOD, HttpResponseStatus.FORBIDDEN, method + " is not allowed");
            return false;
        }
        if (!method.equals(HttpMethod.POST) && !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            reject(Reason.METHOD, HttpResponseStatus.METHOD_NOT_ALLOWED, method + " is not supported; use POST");
            return false;
        }
        String expect = req.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)) {
            reject(Reason.METHOD, HttpResponseStatus.EXPECTATION_FAILED, "unsupported expectation: " + expect);
            return false;
        }
        long declaredLength = HttpUtil.getContentLength(req, -1L);
        if (HttpUtil.isTransferEncodingChunked(req)) {
            declaredLength = -1;
        }
        if (declaredLength > maxBodyBytes) {
            reject(Reason.TOO_LARGE, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body of " + declaredLength
                    + " bytes is over the limit of " + maxBodyBytes + " bytes");
            return false;
        }
        long reserve = Math.max(0, declaredLength);
        if (!budget.tryReserve(reserve)) {
            reject(Reason.BUSY, HttpResponseStatus.SERVICE_UNAVAILABLE, "server busy: " + budget.used()
                    + " bytes of requests are already being read (maxBufferedBytes " + budget.capacity() + "); retry");
            return false;
        }
        if (expect != null) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(req.protocolVersion(), HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
        head = req;
        declared = declaredLength;
        reserved = reserve;
        length = 0;
        body = new byte[declaredLength >= 0 ? (int) declaredLength : 0];
        return true;
    }

    private void append(HttpContent content) {
        int n = content.content().readableBytes();
        if (length + (long) n > maxBodyBytes) {
            reject(Reason.TOO_LARGE, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body is over the limit of "
                    + maxBodyBytes + " bytes");
            return;
        }
        if (declared < 0 && n > 0) {
            if (!budget.tryReserve(n)) {
                reject(Reason.BUSY, HttpResponseStatus.SERVICE_UNAVAILABLE, "server busy: " + budget.used()
                        + " bytes of requests are already being read (maxBufferedBytes " + budget.capacity() + "); retry");
                return;
            }
            reserved += n;
            if (length + n > body.length) {
                long grown = Math.max(length + n, Math.max(FIRST_CHUNK_BUFFER, 2L * body.length));
                body = Arrays.copyOf(body, (int) Math.min(grown, maxBodyBytes));
            }
        }
        content.content().getBytes(content.content().readerIndex(), body, length, n);
        length += n;
        if (content instanceof LastHttpContent) {
            complete();
        }
    }

    private void complete() {
        HttpRequest req = head;
        byte[] bytes = length == body.length ? body : Arrays.copyOf(body, length);
        HttpCall call = new HttpCall(new HttpSourceRequest(req.method().name(), req.uri(), req.headers(), bytes, peer),
                req.protocolVersion(), HttpUtil.isKeepAlive(req), reserved, this);
        head = null;
        body = null;
        reserved = 0;
        inFlight = true;
        ctx.channel().config().setAutoRead(false);
        try {
            executor.execute(() -> committer.handle(call, ctx.channel()));
        } catch (RejectedExecutionException e) {
            budget.release(call.reservedBytes()); // stopping: the request was never answered, so nothing is lost
            ctx.close();
        }
    }

    /** Answers a refusal and closes the connection once the answer is out, since the body is unread. */
    private void reject(Reason reason, HttpResponseStatus status, String message) {
        HttpVersion version = head != null ? head.protocolVersion() : HttpVersion.HTTP_1_1;
        abandonRequest();
        if (reason != Reason.TIMEOUT) {
            counter.incrementEventReadFail();
        }
        rejections.reject(reason, peer, status.code(), message);
        closing = true;
        releaseQueued();
        FullHttpResponse response = responses.error(ctx.alloc(), version, status, message, false);
        if (status.equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
            response.headers().set(HttpHeaderNames.ALLOW, "POST, GET, HEAD");
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void abandonRequest() {
        if (reserved > 0) {
            budget.release(reserved);
        }
        head = null;
        body = null;
        reserved = 0;
    }

    private void releaseQueued() {
        Object m;
        while ((m = queued.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
    }
}
