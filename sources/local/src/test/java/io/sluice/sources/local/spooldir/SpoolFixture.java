package io.sluice.sources.local.spooldir;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.SourceContext;
import io.sluice.api.Status;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.testkit.CollectingChannelProcessor;
import io.sluice.testkit.Specs;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Builds spooldir sources over a test directory and drives their polls by hand. */
final class SpoolFixture {
    final Path spool;
    final CollectingChannelProcessor processor = new CollectingChannelProcessor();
    final SourceCounter counter = new SourceCounter("r1");

    SpoolFixture(Path spool) {
        this.spool = spool;
    }

    SpoolDirectorySource source(String... keyValues) {
        return source(processor, keyValues);
    }

    SpoolDirectorySource source(ChannelProcessor to, String... keyValues) {
        Map<String, String> raw = new HashMap<>();
        raw.put("spoolDir", spool.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], keyValues[i + 1]);
        }
        counter.start();
        return new SpoolDirectorySource(new SourceContext("r1", Specs.settings(SpoolDirectorySource.SPEC, raw), to,
                counter, 100_000));
    }

    /** Starts the source and polls until it has nothing left to do; returns the number of polls. */
    static int runToIdle(SpoolDirectorySource source) throws Exception {
        source.start();
        return pollToIdle(source);
    }

    /** Polls like the runtime's runner: a poll that throws is counted and polled again. */
    static int pollToIdle(SpoolDirectorySource source) throws Exception {
        int polls = 0;
        while (true) {
            if (++polls > 1_000_000) {
                throw new AssertionError("source never went idle");
            }
            try {
                if (source.poll() != Status.READY) {
                    return polls;
                }
            } catch (java.io.IOException e) {
                // the runner logs it and polls again after a backoff
            }
        }
    }

    long counter(String attribute) {
        return ((Number) counter.snapshot().get(attribute)).longValue();
    }
}
