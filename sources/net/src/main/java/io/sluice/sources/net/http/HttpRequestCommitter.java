package io.sluice.sources.net.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.sources.net.http.HttpRejections.Reason;
import java.util.List;

/**
 * Last handler of an http connection: runs the handler on a complete request and puts all its
 * events into the channels in one transaction, then answers as Flume does (spec §4.5): 200 only
 * after the commit; 400 with {@code Bad request from client. <reason>} when the handler refuses the
 * request (EventReadFail); 503 with {@code Error appending event to channel. Channel might be full.}
 * when the channel refuses (ChannelWriteFail, counted by the channel processor); 500 for anything
 * unexpected (GenericProcessingFail). A request with more events than the channels take in one
 * transaction is answered 413 (Flume answers 503, which the client retries forever). Nothing is put
 * unless the answer is 200.
 *
 * <p>Thread model: {@link #handle} runs on a commit executor thread, never on an event loop, because
 * the handler parses the whole body and the channel processor may block. Each connection submits to
 * one executor thread; one request per connection is in flight. No pipeline handler is bound to the
 * executor, so closing a connection never waits on it. Stateless between calls; one instance serves
 * every connection of a source.
 */
final class HttpRequestCommitter {
    private final HttpSourceHandler handler;
    private final ChannelProcessor processor;
    private final SourceCounter counter;
    private final int maxBatchSize;
    private final HttpResponses responses;
    private final HttpRejections rejections;

    HttpRequestCommitter(HttpSourceHandler handler, ChannelProcessor processor, SourceCounter counter,
                         int maxBatchSize, HttpResponses responses, HttpRejections rejections) {
        this.handler = handler;
        this.processor = processor;
        this.counter = counter;
        this.maxBatchSize = maxBatchSize;
        this.responses = responses;
        this.rejections = rejections;
    }

    /** Answers the call on its connection, then tells the connection's reader it is done, whatever happens. */
    void handle(HttpCall call, Channel ctx) {
        FullHttpResponse response = null;
        try {
            response = respond(ctx, call);
        } finally {
            if (response == null) {
                response = error(ctx, call, HttpResponseStatus.INTERNAL_SERVER_ERROR, "Unexpected error.");
            }
            ChannelFuture written = ctx.writeAndFlush(response);
            if (!call.keepAlive()) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
            call.reader().done(call);
        }
    }

    private FullHttpResponse respond(Channel ctx, HttpCall call) {
        Object peer = call.request().remoteAddress();
        List<Event> events;
        try {
            events = handler.getEvents(call.request());
        } catch (HttpBadRequestException e) {
            counter.incrementEventReadFail();
            Reason reason = e.status() == 413 ? Reason.TOO_LARGE : Reason.BAD_REQUEST;
            rejections.reject(reason, peer, e.status(), e.getMessage());
            return error(ctx, call, HttpResponseStatus.valueOf(e.status()), "Bad request from client. " + e.getMessage());
        } catch (RuntimeException e) {
            counter.incrementEventReadFail();
            rejections.reject(Reason.ERROR, peer, 500, "handler failed: " + e);
            return error(ctx, call, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "Deserializer threw unexpected exception. " + e);
        }
        if (events == null) {
            counter.incrementEventReadFail();
            rejections.reject(Reason.ERROR, peer, 500, "handler returned no list");
            return error(ctx, call, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "Deserializer threw unexpected exception. The handler returned no event list.");
        }
        if (events.size() > maxBatchSize) {
            counter.incrementEventReadFail();
            String reason = "the request holds " + events.size() + " events but the channel takes at most "
                    + maxBatchSize + " in one transaction (its transactionCapacity); send smaller requests";
            rejections.reject(Reason.TOO_LARGE, peer, 413, reason);
            return error(ctx, call, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "Bad request from client. " + reason);
        }
        counter.incrementAppendBatchReceived();
        try {
            if (!events.isEmpty()) {
                processor.process(events);
            }
        } catch (ChannelException e) {
            rejections.reject(Reason.CHANNEL_FULL, peer, 503, e.getMessage());
            return error(ctx, call, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "Error appending event to channel. Channel might be full. " + e.getMessage());
        } catch (RuntimeException e) {
            counter.incrementGenericProcessingFail();
            rejections.reject(Reason.ERROR, peer, 500, "putting events failed: " + e);
            return error(ctx, call, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "Unexpected error while appending event to channel. " + e);
        }
        counter.incrementAppendBatchAccepted();
        return responses.ok(call.version(), call.keepAlive());
    }

    private FullHttpResponse error(Channel ctx, HttpCall call, HttpResponseStatus status, String reason) {
        return responses.error(ctx.alloc(), call.version(), status, reason, call.keepAlive());
    }
}
