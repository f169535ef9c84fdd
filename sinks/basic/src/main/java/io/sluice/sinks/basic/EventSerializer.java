package io.sluice.sinks.basic;

import io.sluice.api.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes events to a byte stream in one of Flume's text formats (spec §10.1). The sink owns the
 * stream: it flushes at the end of each batch and closes it on roll. Implementations keep no
 * per-file state (neither has a file header or trailer) and are immutable, so thread-safe.
 */
interface EventSerializer {

    void write(Event event, OutputStream out) throws IOException;

    /** Flume's {@code text} ({@code BodyTextEventSerializer}): the raw body, then {@code \n} if asked. */
    record BodyText(boolean appendNewline) implements EventSerializer {
        @Override
        public void write(Event event, OutputStream out) throws IOException {
            out.write(event.body());
            if (appendNewline) {
                out.write('\n');
            }
        }
    }

    /**
     * Flume's {@code header_and_text} ({@code HeaderAndBodyTextEventSerializer}): the headers as
     * {@code Map.toString()} ({@code {k1=v1, k2=v2}}), one space, the raw body, then {@code \n} if
     * asked. Sluice writes the header text as UTF-8 in the event's header insertion order, where
     * Flume uses the platform charset and HashMap order (spec §10.1): with several headers the
     * output can differ from Flume's byte for byte.
     */
    record HeaderAndText(boolean appendNewline) implements EventSerializer {
        @Override
        public void write(Event event, OutputStream out) throws IOException {
            out.write(event.headers().toString().getBytes(StandardCharsets.UTF_8));
            out.write(' ');
            out.write(event.body());
            if (appendNewline) {
                out.write('\n');
            }
        }
    }

    /** Flume's class names for the builders of the serializers Sluice has. */
    String BODY_TEXT_BUILDER = "org.apache.flume.serialization.BodyTextEventSerializer$Builder";
    String HEADER_AND_TEXT_BUILDER = "org.apache.flume.serialization.HeaderAndBodyTextEventSerializer$Builder";

    /** Whether Sluice has the serializer {@code configured} names (an alias in any case, or a Flume builder class). */
    static boolean isSupported(String configured) {
        return forName(configured, true) != null;
    }

    /** The serializer {@code configured} names, or null if Sluice has none by that name. */
    static EventSerializer forName(String configured, boolean appendNewline) {
        String name = configured.trim();
        if (name.equals(BODY_TEXT_BUILDER) || name.equalsIgnoreCase("TEXT")) {
            return new BodyText(appendNewline);
        }
        if (name.equals(HEADER_AND_TEXT_BUILDER) || name.equalsIgnoreCase("HEADER_AND_TEXT")) {
            return new HeaderAndText(appendNewline);
        }
        return null;
    }
}
