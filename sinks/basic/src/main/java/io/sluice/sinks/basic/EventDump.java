package io.sluice.sinks.basic;

import io.sluice.api.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.commons.io.HexDump;

/**
 * Renders an event the way Flume's {@code EventHelper.dumpEvent} does (spec §8.1), so logger sink
 * output reads the same as Flume's:
 *
 * <pre>
 * body "Hello world!\r", no headers:
 * { headers:{} body: 48 65 6C 6C 6F 20 77 6F 72 6C 64 21 0D          Hello world!. }
 *
 * 20 bytes, maxBytes 32 (rows after the first keep their offset; rows end with the line separator):
 * { headers:{k=v} body: 30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66 0123456789abcdef
 * 00000010 67 68 69 6A                                     ghij }
 * </pre>
 *
 * The hex rows come from commons-io {@link HexDump} with the first row's {@code 00000000} offset
 * and the final line separator removed. An empty body, or {@code maxBytes = 0}, renders as
 * {@code body: }. Stateless and thread-safe.
 */
final class EventDump {
    private static final String FIRST_OFFSET = "00000000";

    private EventDump() {
    }

    static String dump(Event event, int maxBytes) {
        byte[] body = event.body();
        int length = Math.min(body.length, maxBytes);
        // A row of 16 bytes is 74 characters plus the line separator.
        StringBuilder out = new StringBuilder(48 + ((length + 15) / 16) * 80);
        out.append("{ headers:").append(event.headers()).append(" body:");
        if (length > 0) {
            int start = out.length();
            try {
                HexDump.dump(body, 0, out, 0, length);
            } catch (IOException e) {
                throw new UncheckedIOException("a StringBuilder does not throw", e);
            }
            if (matchesAt(out, start, FIRST_OFFSET)) {
                out.delete(start, start + FIRST_OFFSET.length());
            }
            String eol = System.lineSeparator();
            int end = out.length() - eol.length();
            if (end > start && matchesAt(out, end, eol)) {
                out.setLength(end);
            }
        }
        return out.append(" }").toString();
    }

    private static boolean matchesAt(StringBuilder text, int at, String expected) {
        return text.length() - at >= expected.length()
                && text.substring(at, at + expected.length()).equals(expected);
    }
}
