package io.sluice.channels.memory;

import io.sluice.api.ChannelContext;
import io.sluice.api.Event;
import io.sluice.api.metrics.ChannelCounter;
import io.sluice.testkit.Specs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds started memory channels from Flume-style key/value pairs, validated as the runtime would. */
final class MemoryChannels {
    private MemoryChannels() {
    }

    static MemoryChannel started(String... keysAndValues) {
        return started(new ChannelCounter("c1"), keysAndValues);
    }

    static MemoryChannel started(ChannelCounter counter, String... keysAndValues) {
        MemoryChannel channel = new MemoryChannel(
                new ChannelContext("c1", Specs.settings(MemoryChannel.SPEC, raw(keysAndValues)), counter));
        channel.start();
        return channel;
    }

    static Map<String, String> raw(String... keysAndValues) {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            raw.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return raw;
    }

    /** {@code n} events whose bodies are exactly {@code bodyBytes} bytes and which carry no headers. */
    static List<Event> sized(int n, int bodyBytes) {
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Event.of(new byte[bodyBytes]));
        }
        return out;
    }

    static Event withHeader(String body, String key, String value) {
        Event e = Event.of(body.getBytes(StandardCharsets.UTF_8));
        e.putHeader(key, value);
        return e;
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
