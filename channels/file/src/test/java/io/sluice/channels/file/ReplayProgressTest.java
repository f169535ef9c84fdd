package io.sluice.channels.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.sluice.api.metrics.ChannelCounter;
import io.sluice.channels.file.replay.ReplayProgress;
import io.sluice.testkit.ChannelHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A replay logs its progress (events replayed, share of the log read, rate, time left) as it goes,
 * and the channel's metrics show the same figures while it runs and the totals once it is done.
 */
class ReplayProgressTest {
    private static final Pattern LINE = Pattern.compile("File channel c1 replaying: (\\d+) events, (\\d+)% of "
            + "[0-9.]+ MB of log, (\\d+) events/s, about (\\d+) s left");

    @TempDir
    Path tmp;

    /** A progress line as logged, with the channel's metrics read at that moment, on the replaying thread. */
    private record Seen(String line, Map<String, Object> metrics) {
    }

    /** Keeps every progress line with a snapshot of the metrics taken when it was logged. */
    private static final class ProgressWatcher extends AppenderBase<ILoggingEvent> {
        private final ChannelCounter counter;
        private final List<Seen> seen = new ArrayList<>();

        ProgressWatcher(ChannelCounter counter) {
            this.counter = counter;
        }

        @Override
        protected synchronized void append(ILoggingEvent e) {
            seen.add(new Seen(e.getFormattedMessage(), counter.snapshot()));
        }

        synchronized List<Seen> seen() {
            return List.copyOf(seen);
        }
    }

    @Test
    void aReplayLogsEventsRateAndTimeLeftAndTheMetricsFollowIt() throws Exception {
        Path root = tmp.resolve("c");
        FileChannel c = FileChannels.in(root).set("checkpointOnClose", "false").start();
        ChannelHarness h = new ChannelHarness(c);
        int puts = 40_000;
        int takes = 6_000;
        h.put(FileChannels.sized("e", puts, 20), 1000);
        h.take(takes, 500);
        c.stop();

        Logger logger = (Logger) LoggerFactory.getLogger(ReplayProgress.class);
        Level level = logger.getLevel();
        ChannelCounter counter = new ChannelCounter("c1");
        ProgressWatcher watcher = new ProgressWatcher(counter);
        watcher.start();
        logger.addAppender(watcher);
        logger.setLevel(Level.INFO);
        FileChannel replayed;
        try {
            replayed = FileChannels.in(root).counter(counter).replayLogEvery(Duration.ZERO).start();
        } finally {
            logger.detachAppender(watcher);
            logger.setLevel(level);
        }
        long total = puts + takes;
        Map<String, Object> after = counter.snapshot();
        replayed.stop();

        List<Seen> seen = watcher.seen();
        assertTrue(seen.size() >= 5, "a line every few thousand events: " + seen);
        long previous = 0;
        for (Seen s : seen) {
            Matcher m = LINE.matcher(s.line());
            assertTrue(m.matches(), "a progress line: " + s.line());
            long events = Long.parseLong(m.group(1));
            assertTrue(events > previous && events <= total, "events replayed rise: " + s.line());
            previous = events;
            assertTrue(Long.parseLong(m.group(3)) > 0, "a rate: " + s.line());
            assertEquals(events, s.metrics().get("ReplayEventCount"), "the metric while replaying: " + s.line());
            double percent = (Double) s.metrics().get("ReplayPercent");
            assertTrue(Math.abs(percent - Long.parseLong(m.group(2))) <= 1, "ReplayPercent " + percent + ": "
                    + s.line());
            assertTrue((Long) s.metrics().get("ReplayRemainingMillis") >= 0);
        }
        assertEquals(total, after.get("ReplayEventCount"), "every put and take replayed");
        assertEquals(100.0, after.get("ReplayPercent"));
        assertEquals(0L, after.get("ReplayRemainingMillis"));
        assertTrue((Long) after.get("ReplayEventsPerSecond") > 0, "a rate: " + after);
        assertTrue((Long) after.get("ReplayMillis") >= 0);
    }
}
