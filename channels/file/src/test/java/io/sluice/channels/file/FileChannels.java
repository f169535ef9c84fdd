package io.sluice.channels.file;

import io.sluice.api.ChannelContext;
import io.sluice.api.Event;
import io.sluice.api.metrics.ChannelCounter;
import io.sluice.channels.file.io.NioStorage;
import io.sluice.channels.file.io.Storage;
import io.sluice.channels.file.replay.ReplayProgress;
import io.sluice.testkit.Specs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds file channels on a test directory from Flume-style key/value pairs, validated as the
 * runtime would. Defaults suited to tests: checkpointDir and dataDirs under the directory,
 * keep-alive 0, minimumRequiredSpace at its minimum.
 */
final class FileChannels {
    private final Path root;
    private final Map<String, String> raw = new HashMap<>();
    private Storage storage = NioStorage.INSTANCE;
    private ChannelCounter counter = new ChannelCounter("c1");
    private Duration replayLogEvery = ReplayProgress.LOG_EVERY;

    private FileChannels(Path root) {
        this.root = root;
        raw.put("checkpointDir", root.resolve("checkpoint").toString());
        raw.put("dataDirs", root.resolve("data").toString());
        raw.put("keep-alive", "0");
        raw.put("minimumRequiredSpace", "1048576");
        raw.put("capacity", "100000");
        raw.put("transactionCapacity", "10000");
    }

    static FileChannels in(Path root) {
        return new FileChannels(root);
    }

    FileChannels set(String... keysAndValues) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            raw.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return this;
    }

    FileChannels storage(Storage s) {
        this.storage = s;
        return this;
    }

    FileChannels counter(ChannelCounter c) {
        this.counter = c;
        return this;
    }

    /** How often a replay logs its progress (every second by default). */
    FileChannels replayLogEvery(Duration every) {
        this.replayLogEvery = every;
        return this;
    }

    Path dataDir() {
        return root.resolve("data");
    }

    Path checkpointDir() {
        return root.resolve("checkpoint");
    }

    FileChannel build() {
        return new FileChannel(new ChannelContext("c1", Specs.settings(FileChannel.SPEC, raw), counter), storage,
                replayLogEvery);
    }

    /** A started channel; counters started first, as the runtime does. */
    FileChannel start() throws Exception {
        counter.start();
        FileChannel c = build();
        c.start();
        return c;
    }

    /** {@code n} events of {@code bodyBytes} bytes: "prefix-i" padded with dots. */
    static List<Event> sized(String prefix, int n, int bodyBytes) {
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder b = new StringBuilder(prefix).append('-').append(i);
            while (b.length() < bodyBytes) {
                b.append('.');
            }
            out.add(Event.ofString(b.toString()));
        }
        return out;
    }
}
