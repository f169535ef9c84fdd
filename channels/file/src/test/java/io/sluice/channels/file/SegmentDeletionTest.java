package io.sluice.channels.file;

import static io.sluice.testkit.TestEvents.bodies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Transaction;
import io.sluice.api.metrics.ChannelCounter;
import io.sluice.testkit.Await;
import io.sluice.testkit.ChannelHarness;
import io.sluice.testkit.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments are deleted once no live event points into them, and not before. */
class SegmentDeletionTest {
    @TempDir
    Path tmp;

    @Test
    void drainedSegmentsAreDeletedAtTheNextCheckpoints() throws Exception {
        ChannelCounter counter = new ChannelCounter("c1");
        FileChannel c = FileChannels.in(tmp).counter(counter).set("maxFileSize", "2048", "checkpointInterval", "20").start();
        ChannelHarness h = new ChannelHarness(c);
        for (int i = 0; i < 40; i++) {
            h.put(FileChannels.sized("e" + i, 10, 40));
        }
        int written = Records.segments(tmp.resolve("data")).size();
        assertTrue(written > 10, "many segments were written: " + written);
        assertEquals(400, h.drain(100).size());
        Await.until(Duration.ofSeconds(10), () -> segments() <= 2, () -> "segments left: " + segments());
        Await.until(Duration.ofSeconds(10), () -> (Long) counter.snapshot().get("DeletedSegmentCount") >= written - 2,
                () -> "DeletedSegmentCount after " + written + " segments: " + counter.snapshot());
        c.stop();
    }

    @Test
    void aSegmentWithALiveEventIsKeptUntilItsTakeCommits() throws Exception {
        FileChannel c = FileChannels.in(tmp).set("maxFileSize", "2048", "checkpointInterval", "20",
                "eventCacheBytes", "0").start();
        ChannelHarness h = new ChannelHarness(c);
        h.put(FileChannels.sized("old", 1, 40));
        Path oldest = Records.segments(tmp.resolve("data")).get(0);
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<List<String>> holder = CompletableFuture.supplyAsync(() -> {
            try (Transaction tx = c.begin()) {
                List<String> got = bodies(tx.take(1));
                taken.countDown();
                release.await(30, TimeUnit.SECONDS);
                tx.commit();
                return got;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(taken.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 40; i++) {
            h.put(FileChannels.sized("new" + i, 10, 40));
        }
        assertEquals(400, h.drain(100).size());
        Thread.sleep(200);
        assertTrue(Files.exists(oldest), "the segment of an event taken but not committed is kept");
        release.countDown();
        assertEquals(TestEvents.bodies(FileChannels.sized("old", 1, 40)), holder.get(10, TimeUnit.SECONDS));
        Await.until(Duration.ofSeconds(10), () -> !Files.exists(oldest), () -> oldest + " was not deleted");
        c.stop();
        FileChannel again = FileChannels.in(tmp).start();
        assertEquals(0, again.size());
        again.stop();
    }

    private int segments() {
        try {
            return Records.segments(tmp.resolve("data")).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
