package io.sluice.rpc;

import io.netty.buffer.ByteBuf;
import io.sluice.api.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flume's {@code AvroFlumeEvent} in Avro binary, straight between {@link Event}s and a buffer,
 * without Avro's generic records in between (spec §3.1):
 *
 * <pre>
 * AvroFlumeEvent := headers:map&lt;string&gt; body:bytes
 * map            := (count:long (key:string value:string){count})* 0      count &lt; 0: -count items, then a byte size
 * appendBatch    := array of AvroFlumeEvent, blocks like the map's
 * </pre>
 *
 * Reading copies each body into its own array and each header into a String, so nothing of the
 * network buffer escapes. A count is checked against the bytes left (every item takes at least one
 * byte) before anything is allocated for it. Stateless.
 */
public final class EventCodec {
    private EventCodec() {
    }

    public static Event readEvent(ByteBuf in) throws MalformedRpcException {
        Map<String, String> headers = null;
        for (long n = AvroInput.readBlockCount(in); n != 0; n = AvroInput.readBlockCount(in)) {
            if (n > in.readableBytes() / 2) {
                throw new MalformedRpcException("header map block of " + n + " entries is longer than the "
                        + in.readableBytes() + " bytes left in the message");
            }
            if (headers == null) {
                headers = new HashMap<>((int) Math.min(16, n * 2));
            }
            for (long i = 0; i < n; i++) {
                String key = AvroInput.readString(in);
                headers.put(key, AvroInput.readString(in));
            }
        }
        byte[] body = AvroInput.readBytes(in);
        return headers == null ? Event.of(body) : Event.of(headers, body);
    }

    /**
     * Reads an {@code appendBatch} parameter. Throws {@link BatchLimitException} as soon as a block
     * count takes the batch past {@code maxEvents}, before reading those events.
     */
    public static List<Event> readBatch(ByteBuf in, int maxEvents) throws MalformedRpcException, BatchLimitException {
        List<Event> events = null;
        for (long n = AvroInput.readBlockCount(in); n != 0; n = AvroInput.readBlockCount(in)) {
            int have = events == null ? 0 : events.size();
            if (have + n > maxEvents) {
                throw new BatchLimitException("batch of " + (have + n) + (have > 0 ? " or more" : "")
                        + " events exceeds the " + maxEvents + " the source's channels accept in one transaction");
            }
            if (n > in.readableBytes() / 2) {
                throw new MalformedRpcException("event array block of " + n + " events is longer than the "
                        + in.readableBytes() + " bytes left in the message");
            }
            if (events == null) {
                events = new ArrayList<>((int) n);
            }
            for (long i = 0; i < n; i++) {
                events.add(readEvent(in));
            }
        }
        return events == null ? List.of() : events;
    }

    public static void writeEvent(ByteBuf out, Event e) {
        Map<String, String> headers = e.headers();
        if (!headers.isEmpty()) {
            AvroOutput.writeLong(out, headers.size());
            for (Map.Entry<String, String> h : headers.entrySet()) {
                AvroOutput.writeString(out, h.getKey());
                AvroOutput.writeString(out, h.getValue());
            }
        }
        out.writeByte(0);
        AvroOutput.writeBytes(out, e.body());
    }

    public static void writeBatch(ByteBuf out, List<Event> events) {
        if (!events.isEmpty()) {
            AvroOutput.writeLong(out, events.size());
            for (Event e : events) {
                writeEvent(out, e);
            }
        }
        out.writeByte(0);
    }

    /** A guess of the encoded size, to size the buffer once. */
    public static int estimateSize(List<Event> events) {
        long size = 16;
        for (Event e : events) {
            size += e.body().length + 8 + (e.headers().isEmpty() ? 0 : 64L * e.headers().size());
        }
        return (int) Math.min(size, 1 << 30);
    }
}
