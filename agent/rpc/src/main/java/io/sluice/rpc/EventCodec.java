package io.sluice.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
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
 * Reading works on the frame's own memory, however many buffers it came in ({@link BufferReader}),
 * and copies each body into its own array and each header into a String, so nothing of the network buffer escapes; writing goes
 * straight into the buffer the socket writes from. A count is checked against the bytes left (every
 * item takes at least one byte) before anything is allocated for it. Stateless.
 */
public final class EventCodec {
    private EventCodec() {
    }

    public static Event readEvent(ByteBuf in) throws MalformedRpcException {
        BufferReader r = reader(in);
        Event e = readEvent(r);
        skipConsumed(in, r);
        return e;
    }

    /**
     * Reads an {@code appendBatch} parameter. Throws {@link BatchLimitException} as soon as a block
     * count takes the batch past {@code maxEvents}, before reading those events.
     */
    public static List<Event> readBatch(ByteBuf in, int maxEvents) throws MalformedRpcException, BatchLimitException {
        BufferReader r = reader(in);
        List<Event> events = null;
        for (long n = r.readBlockCount(); n != 0; n = r.readBlockCount()) {
            int have = events == null ? 0 : events.size();
            if (have + n > maxEvents) {
                throw new BatchLimitException("batch of " + (have + n) + (have > 0 ? " or more" : "")
                        + " events exceeds the " + maxEvents + " the source's channels accept in one transaction");
            }
            if (n > r.remaining() / 2) {
                throw new MalformedRpcException("event array block of " + n + " events is longer than the "
                        + r.remaining() + " bytes left in the message");
            }
            if (events == null) {
                events = new ArrayList<>((int) n);
            }
            for (long i = 0; i < n; i++) {
                events.add(readEvent(r));
            }
        }
        skipConsumed(in, r);
        return events == null ? List.of() : events;
    }

    private static Event readEvent(BufferReader r) throws MalformedRpcException {
        Map<String, String> headers = null;
        for (long n = r.readBlockCount(); n != 0; n = r.readBlockCount()) {
            if (n > r.remaining() / 2) {
                throw new MalformedRpcException("header map block of " + n + " entries is longer than the "
                        + r.remaining() + " bytes left in the message");
            }
            if (headers == null) {
                headers = new HashMap<>((int) Math.min(16, n * 2));
            }
            for (long i = 0; i < n; i++) {
                String key = r.readString();
                headers.put(key, r.readString());
            }
        }
        byte[] body = r.readBytes();
        return headers == null ? Event.of(body) : Event.of(headers, body);
    }

    /** A reader over the buffer's own memory, one NIO view per component of a composite: nothing is copied. */
    private static BufferReader reader(ByteBuf in) {
        return new BufferReader(in.nioBuffers(in.readerIndex(), in.readableBytes()));
    }

    private static void skipConsumed(ByteBuf in, BufferReader r) {
        in.skipBytes((int) r.consumed());
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

    /**
     * An upper bound of {@link #writeBatch}'s output, so the buffer is allocated once at its final
     * size: ten bytes per number, three UTF-8 bytes per header char.
     */
    public static int maxBatchSize(List<Event> events) {
        long size = 20;
        for (Event e : events) {
            size += maxEventSize(e);
        }
        return (int) Math.min(size, Integer.MAX_VALUE - 64);
    }

    public static long maxEventSize(Event e) {
        long size = 20 + e.body().length;
        Map<String, String> headers = e.headers();
        if (!headers.isEmpty()) {
            size += 10;
            for (Map.Entry<String, String> h : headers.entrySet()) {
                size += 20 + ByteBufUtil.utf8MaxBytes(h.getKey()) + ByteBufUtil.utf8MaxBytes(h.getValue());
            }
        }
        return size;
    }
}
