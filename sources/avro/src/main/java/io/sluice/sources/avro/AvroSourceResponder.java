package io.sluice.sources.avro;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.rpc.BatchLimitException;
import io.sluice.rpc.FlumeProtocol;
import io.sluice.rpc.MalformedRpcException;
import io.sluice.rpc.ServerSession;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Protocol;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.ipc.Responder;
import org.apache.avro.ipc.Transceiver;

/**
 * Avro's {@link Responder} for Flume's {@code AvroSourceProtocol}, as {@code NettyServer} calls it
 * once per call frame (spec §3.2, §3.6). {@code append} and {@code appendBatch} go through the
 * channel processor and are answered {@code OK} only after every required channel committed,
 * {@code FAILED} when a channel refused them (as in Flume, with several required channels one may
 * already hold the batch, and a resend duplicates it there) or the batch is larger than the channels
 * take in one transaction. A malformed call is answered with an Avro error naming the problem,
 * counted as EventReadFail, and its connection closed after the reply. Calls arriving while the
 * source stops are answered FAILED without being processed, so a sender never loses an
 * acknowledged batch to a stop.
 *
 * <p>It answers {@link #respond(List, Transceiver)} whole instead of through Avro's generic path:
 * the handshake is Sluice's {@link ServerSession}, whose cache of learnt client protocols is bounded
 * (Avro's grows with every protocol a client invents) and whose reader checks every length before
 * allocating (Avro's {@code BinaryDecoder} allocates a string's claimed length); events are decoded
 * by {@code EventCodec} straight from the call's buffers into {@link Event}s, with no generic records
 * in between. Runs on {@code NettyServer}'s caller threads; the channel processor may block there.
 * {@link FrameGuard} lets one call per connection in at a time, so replies keep their calls' order.
 */
final class AvroSourceResponder extends Responder {
    private final AvroSourceState source;
    private final ChannelProcessor processor;
    private final SourceCounter counter;
    private final int maxBatchEvents;

    AvroSourceResponder(AvroSourceState source, ChannelProcessor processor, SourceCounter counter, int maxBatchEvents) {
        super(FlumeProtocol.PROTOCOL);
        this.source = source;
        this.processor = processor;
        this.counter = counter;
        this.maxBatchEvents = maxBatchEvents;
    }

    @Override
    public List<ByteBuffer> respond(List<ByteBuffer> buffers, Transceiver transceiver) {
        try {
            if (!(buffers instanceof CallBinder.Call call)) {
                throw new IllegalStateException("a call reached the responder without its connection: CallBinder is "
                        + "missing from the pipeline");
            }
            return List.of(answer(call).nioBuffer());
        } finally {
            source.callDone();
        }
    }

    private ByteBuf answer(CallBinder.Call call) {
        AvroConnection connection = call.connection();
        ByteBuf payload = Unpooled.wrappedBuffer(call.toArray(new ByteBuffer[0]));
        ByteBuf reply = Unpooled.buffer(64);
        try {
            ServerSession.Call c = connection.session().read(payload, reply, maxBatchEvents);
            switch (c.kind()) {
                case HANDSHAKE_ONLY -> {
                }
                case APPEND -> ServerSession.writeStatus(reply, append(connection, c.events(), false));
                case APPEND_BATCH -> ServerSession.writeStatus(reply, append(connection, c.events(), true));
            }
        } catch (BatchLimitException e) {
            counter.incrementAppendBatchReceived();
            counter.incrementChannelWriteFail();
            source.refusals().warn("avro source {}: answered FAILED to {}: {}", source.name(), connection.peer(),
                    e.getMessage());
            ServerSession.writeStatus(reply, false);
        } catch (MalformedRpcException e) {
            counter.incrementEventReadFail();
            source.badInput().warn("avro source {}: closing connection from {}: malformed call: {}", source.name(),
                    connection.peer(), e.getMessage());
            ServerSession.writeError(reply, "malformed call: " + e.getMessage());
            connection.closeAfterReply();
        } catch (RuntimeException e) {
            // Never leave a call unanswered: its connection would wait for the reply for ever.
            counter.incrementGenericProcessingFail();
            source.badInput().error("avro source {}: closing connection from {}: unexpected error", source.name(),
                    connection.peer(), e);
            reply.clear();
            ServerSession.writeError(reply, "internal error: " + e);
            connection.closeAfterReply();
        }
        return reply;
    }

    /** Puts a call's events and keeps the Append(Batch) counters; true when every required channel committed. */
    private boolean append(AvroConnection connection, List<Event> events, boolean batch) {
        if (batch) {
            counter.incrementAppendBatchReceived();
        } else {
            counter.incrementAppendReceived();
        }
        boolean ok = put(connection, events);
        if (ok && batch) {
            counter.incrementAppendBatchAccepted();
        } else if (ok) {
            counter.incrementAppendAccepted();
        }
        return ok;
    }

    private boolean put(AvroConnection connection, List<Event> events) {
        if (source.stopping()) {
            return false;
        }
        if (events.isEmpty()) {
            return true;
        }
        try {
            processor.process(events);
            return true;
        } catch (ChannelException e) {
            source.refusals().warn("avro source {}: channel refused {} events from {}: {}", source.name(),
                    events.size(), connection.peer(), e.getMessage());
            return false;
        } catch (RuntimeException e) {
            counter.incrementGenericProcessingFail();
            source.refusals().error("avro source {}: unexpected error putting {} events from {}", source.name(),
                    events.size(), connection.peer(), e);
            return false;
        }
    }

    // NettyServer calls only respond(List, Transceiver), answered whole above; the hooks below serve
    // Avro's generic path, which this responder does not take.

    @Override
    public Object respond(Protocol.Message message, Object request) {
        throw new UnsupportedOperationException("answered by respond(List, Transceiver)");
    }

    @Override
    public Object readRequest(Schema actual, Schema expected, Decoder in) {
        throw new UnsupportedOperationException("answered by respond(List, Transceiver)");
    }

    @Override
    public void writeResponse(Schema schema, Object response, Encoder out) {
        throw new UnsupportedOperationException("answered by respond(List, Transceiver)");
    }

    @Override
    public void writeError(Schema schema, Object error, Encoder out) {
        throw new UnsupportedOperationException("answered by respond(List, Transceiver)");
    }
}
