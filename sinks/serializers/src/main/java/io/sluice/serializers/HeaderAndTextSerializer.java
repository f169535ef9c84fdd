package io.sluice.serializers;

import io.sluice.api.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Flume's {@code header_and_text} ({@code HeaderAndBodyTextEventSerializer}): the headers as
 * {@code Map.toString()} ({@code {k1=v1, k2=v2}}), one space, the raw body, then {@code \n} if
 * asked. Sluice writes the header text as UTF-8 in the event's header insertion order, where Flume
 * uses the platform charset and HashMap order (spec §10.1): with several headers the output can
 * differ from Flume's byte for byte.
 */
final class HeaderAndTextSerializer implements EventSerializer {
    private final OutputStream out;
    private final boolean appendNewline;

    HeaderAndTextSerializer(OutputStream out, boolean appendNewline) {
        this.out = out;
        this.appendNewline = appendNewline;
    }

    @Override
    public void write(Event event) throws IOException {
        out.write(event.headers().toString().getBytes(StandardCharsets.UTF_8));
        out.write(' ');
        out.write(event.body());
        if (appendNewline) {
            out.write('\n');
        }
    }
}
