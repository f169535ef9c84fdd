package io.sluice.channels.file;

import static io.sluice.testkit.TestEvents.bodies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.metrics.ChannelCounter;
import io.sluice.testkit.ChannelHarness;
import io.sluice.testkit.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged checkpoints, with and without a backup checkpoint: deleted, truncated, garbage, stale (an
 * older checkpoint put back), temp files of an interrupted write, and every checkpoint file gone.
 * Nothing committed is lost, and the log names the recovery path taken.
 */
class CheckpointDamageTest {
    @TempDir
    Path tmp;

    private final List<String> expected = new ArrayList<>();

    /**
     * A channel that checkpointed several times, with puts and takes before and after its last
     * checkpoint, copied as a crash leaves it. Returns the copy; {@code stale} gets an early checkpoint.
     */
    private Path crashedChannel(boolean backup, Path stale) throws Exception {
        Path root = tmp.resolve("live");
        String[] settings = backup
                ? new String[] {"useDualCheckpoints", "true", "backupCheckpointDir", root.resolve("backup").toString()}
                : new String[0];
        FileChannel c = FileChannels.in(root).set("maxFileSize", "4096").set(settings).start();
        ChannelHarness h = new ChannelHarness(c);
        put(h, "a", 20);
        Files.copy(root.resolve("checkpoint/sluice-checkpoint"), stale, StandardCopyOption.REPLACE_EXISTING);
        take(h, 5);
        c.stop();
        c = FileChannels.in(root).set("maxFileSize", "4096").set(settings).start();
        h = new ChannelHarness(c);
        put(h, "b", 20);
        take(h, 10);
        c.stop();
        c = FileChannels.in(root).set("maxFileSize", "4096").set(settings).start();
        h = new ChannelHarness(c);
        put(h, "c", 20);
        take(h, 3);
        Path crashed = Crash.copy(c, root, tmp.resolve("crashed"));
        c.stop();
        return crashed;
    }

    @Test
    void aStaleCheckpointWhoseSegmentsWereDeletedIsRefusedAndTheNextOneUsed() throws Exception {
        Path stale = tmp.resolve("stale-checkpoint");
        Path root = crashedChannel(false, stale);
        FileChannel c = FileChannels.in(root).set("maxFileSize", "4096").start();
        ChannelHarness h = new ChannelHarness(c);
        take(h, expected.size());
        put(h, "d", 10);
        c.stop();
        c = FileChannels.in(root).set("maxFileSize", "4096").start();
        c.stop();
        assertTrue(!Files.exists(root.resolve("data/segment-0000000001.wal")), "the old segments were deleted");
        Files.copy(stale, root.resolve("checkpoint/sluice-checkpoint"), StandardCopyOption.REPLACE_EXISTING);
        try (LogCapture log = new LogCapture()) {
            c = FileChannels.in(root).set("maxFileSize", "4096").start();
            List<String> delivered = bodies(new ChannelHarness(c).drain(1000));
            c.stop();
            assertEquals(expected, delivered);
            assertTrue(log.problems().stream().anyMatch(l -> l.contains("it is stale")), log.problems().toString());
            assertTrue(log.all().stream().anyMatch(l -> l.contains(" from previous checkpoint")), log.all().toString());
        }
    }

    private void put(ChannelHarness h, String prefix, int n) {
        for (int i = 0; i < n; i += 5) {
            h.put(FileChannels.sized(prefix + i, 5, 40));
            expected.addAll(TestEvents.bodies(FileChannels.sized(prefix + i, 5, 40)));
        }
    }

    private void take(ChannelHarness h, int n) {
        assertEquals(expected.subList(0, n), bodies(h.take(n, n)));
        expected.subList(0, n).clear();
    }

    @ParameterizedTest(name = "{0} checkpoint, backup {1}: recovered from {2}")
    @CsvSource({
        "deleted, false, previous checkpoint",
        "deleted, true, previous checkpoint",
        "truncated, false, previous checkpoint",
        "truncated, true, previous checkpoint",
        "garbage, false, previous checkpoint",
        "garbage, true, previous checkpoint",
        "stale, false, checkpoint",
        "stale, true, checkpoint",
        "leftover-temp, false, checkpoint",
        "leftover-temp, true, checkpoint",
        "all-gone, false, a full replay",
        "all-gone, true, backup checkpoint",
    })
    void nothingCommittedIsLostAndTheLogNamesTheRecoveryPath(String damage, boolean backup, String path)
            throws Exception {
        Path stale = tmp.resolve("stale-checkpoint");
        Path root = crashedChannel(backup, stale);
        Path current = root.resolve("checkpoint/sluice-checkpoint");
        Path previous = root.resolve("checkpoint/sluice-checkpoint.prev");
        String rejected = null;
        switch (damage) {
            case "deleted" -> Files.delete(current);
            case "truncated" -> {
                Records.truncate(current, Files.size(current) / 2);
                rejected = "checksum mismatch";
            }
            case "garbage" -> {
                byte[] junk = new byte[(int) Files.size(current)];
                new Random(7).nextBytes(junk);
                Files.write(current, junk);
                rejected = "not a Sluice checkpoint";
            }
            case "stale" -> Files.copy(stale, current, StandardCopyOption.REPLACE_EXISTING);
            case "leftover-temp" -> {
                Files.write(root.resolve("checkpoint/sluice-checkpoint.tmp"), new byte[] {1, 2, 3});
                if (backup) {
                    Files.write(root.resolve("backup/sluice-checkpoint.tmp"), new byte[] {4});
                }
            }
            case "all-gone" -> {
                Files.delete(current);
                Files.delete(previous);
            }
            default -> throw new IllegalArgumentException(damage);
        }
        try (LogCapture log = new LogCapture()) {
            ChannelCounter counter = new ChannelCounter("c1");
            FileChannel c = FileChannels.in(root).set("maxFileSize", "4096")
                    .set(backup ? new String[] {"useDualCheckpoints", "true", "backupCheckpointDir",
                            root.resolve("backup").toString()} : new String[0])
                    .counter(counter).start();
            List<String> delivered = bodies(new ChannelHarness(c).drain(1000));
            c.stop();
            assertEquals(expected, delivered, "every committed event, once, in order");
            assertEquals(0L, counter.snapshot().get("LostEventCount"));
            String summary = log.all().stream().filter(l -> l.contains(" recovered ")).findFirst().orElseThrow();
            assertTrue(summary.contains(" from " + path), "recovery path named: " + summary);
            if (rejected != null) {
                String reason = rejected;
                assertTrue(log.problems().stream().anyMatch(l -> l.contains(current.toString()) && l.contains(reason)),
                        "the unusable checkpoint is named with why: " + log.problems());
            }
            if (damage.equals("leftover-temp")) {
                assertTrue(log.all().stream().anyMatch(l -> l.contains("sluice-checkpoint.tmp")), log.all().toString());
                assertTrue(!Files.exists(root.resolve("checkpoint/sluice-checkpoint.tmp")), "temp file removed");
            }
        }
    }
}
