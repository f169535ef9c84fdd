package io.sluice.serializers;

import io.sluice.api.Event;
import java.io.IOException;
import java.io.OutputStream;

/** Flume's {@code text} ({@code BodyTextEventSerializer}): the raw body, then {@code \n} if asked. */
final class BodyTextSerializer implements EventSerializer {
    private final OutputStream out;
    private final boolean appendNewline;

    BodyTextSerializer(OutputStream out, boolean appendNewline) {
        this.out = out;
        this.appendNewline = appendNewline;
    }

    @Override
    public void write(Event event) throws IOException {
        out.write(event.body());
        if (appendNewline) {
            out.write('\n');
        }
    }
}
