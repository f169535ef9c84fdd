package io.sluice.sinks.hdfs;

import io.sluice.api.ChannelContext;
import io.sluice.api.Event;
import io.sluice.api.SinkContext;
import io.sluice.api.metrics.ChannelCounter;
import io.sluice.api.metrics.SinkCounter;
import io.sluice.channels.memory.MemoryChannel;
import io.sluice.testkit.ChannelHarness;
import io.sluice.sinks.hdfs.hadoop.HadoopBucketFiles;
import io.sluice.testkit.Specs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * An hdfs sink on a real memory channel (keep-alive 0, so an empty take returns at once), built from
 * raw config the way the runtime builds it, with the Hadoop configuration a test chooses. Not
 * thread-safe; one per test.
 */
final class SinkFixture implements AutoCloseable {
    final MemoryChannel channel;
    final SinkContext context;
    final HdfsSink sink;

    SinkFixture(Map<String, String> raw, Configuration conf) {
        ChannelCounter channelCounter = new ChannelCounter("c1");
        channelCounter.start();
        channel = new MemoryChannel(new ChannelContext("c1", Specs.settings(MemoryChannel.SPEC,
                Map.of("capacity", "100000", "transactionCapacity", "10000", "keep-alive", "0")), channelCounter));
        channel.start();
        SinkCounter counter = new SinkCounter("k1");
        counter.start();
        context = new SinkContext("k1", Specs.settings(HdfsSink.SPEC, raw), channel, counter, 10000);
        sink = new HdfsSink(context, (c, k) -> new HadoopBucketFiles(c, k, conf), System::currentTimeMillis);
    }

    /** Raw config with the keys most tests want: uncompressed text files, no time or size rolls. */
    static Map<String, String> textConfig(String path) {
        Map<String, String> raw = new HashMap<>();
        raw.put("hdfs.path", path);
        raw.put("hdfs.fileType", "DataStream");
        raw.put("hdfs.rollInterval", "0");
        raw.put("hdfs.rollSize", "0");
        raw.put("hdfs.rollCount", "0");
        raw.put("hdfs.batchSize", "1000");
        raw.put("hdfs.timeZone", "UTC");
        return raw;
    }

    void put(List<Event> events) {
        new ChannelHarness(channel).put(events);
    }

    void put(String... bodies) {
        List<Event> events = new ArrayList<>();
        for (String b : bodies) {
            events.add(Event.of(b.getBytes(StandardCharsets.UTF_8)));
        }
        put(events);
    }

    /** Runs process() until a take comes back empty; returns the READY calls. */
    int drain() throws Exception {
        int batches = 0;
        while (sink.process() == io.sluice.api.Status.READY) {
            batches++;
        }
        return batches;
    }

    long count(String attribute) {
        return (Long) context.counter().snapshot().get(attribute);
    }

    static Event event(String body, String... headers) {
        Map<String, String> h = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return Event.of(h, body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        sink.stop();
        channel.stop();
    }
}
