package io.sluice.channels.file;

import static io.sluice.testkit.TestEvents.bodies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.metrics.ChannelCounter;
import io.sluice.testkit.ChannelHarness;
import io.sluice.testkit.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to the last record of the log, as a crash or a bad disk leaves it: every cut, every flipped
 * byte, a zeroed last page. Each time the channel starts, delivers every earlier event exactly once,
 * counts the damaged record and names its file and offset in one log line, and the next start is
 * silent.
 */
class TornTailTest {
    @TempDir
    Path tmp;

    private Path pristine;
    private List<String> earlier;
    private List<String> last;

    /** Two committed batches, then the batch whose record gets damaged; no checkpoint after them. */
    private void write(int lastBatchEvents, int bodyBytes) throws Exception {
        pristine = tmp.resolve("pristine");
        FileChannel c = FileChannels.in(pristine).set("checkpointOnClose", "false").start();
        ChannelHarness h = new ChannelHarness(c);
        h.put(FileChannels.sized("a", 3, 12));
        h.put(FileChannels.sized("b", 3, 12));
        h.put(FileChannels.sized("z", lastBatchEvents, bodyBytes));
        c.stop();
        earlier = new ArrayList<>(TestEvents.bodies(FileChannels.sized("a", 3, 12)));
        earlier.addAll(TestEvents.bodies(FileChannels.sized("b", 3, 12)));
        last = TestEvents.bodies(FileChannels.sized("z", lastBatchEvents, bodyBytes));
    }

    @Test
    void everyCutOfTheLastRecordKeepsEveryEarlierEventAndIsReportedOnce() throws Exception {
        write(2, 12);
        Records.At record = lastRecord(pristine);
        for (int k = 1; k <= record.length(); k++) {
            Path run = copy("cut-" + k);
            Path segment = Records.lastWithRecords(run.resolve("data"));
            Records.truncate(segment, Files.size(segment) - k);
            boolean recordGone = k == record.length();
            check(run, segment, record, "cut by " + k + " bytes", !recordGone);
        }
    }

    @Test
    void everyFlippedByteOfTheLastRecordIsFoundAndCostsAtMostThatRecord() throws Exception {
        write(2, 12);
        Records.At record = lastRecord(pristine);
        for (int i = 0; i < record.length(); i++) {
            Path run = copy("flip-" + i);
            Path segment = Records.lastWithRecords(run.resolve("data"));
            Records.flip(segment, record.offset() + i);
            check(run, segment, record, "byte " + i + " flipped", true);
        }
    }

    @Test
    void zeroingTheLastFourKibOfABigLastRecordKeepsItsIntactEvents() throws Exception {
        write(60, 100);
        Records.At record = lastRecord(pristine);
        assertTrue(record.length() > 4096, "the last record must be larger than 4 KiB: " + record.length());
        Path run = copy("zero");
        Path segment = Records.lastWithRecords(run.resolve("data"));
        Records.zero(segment, record.offset() + record.length() - 4096, record.offset() + record.length());
        List<String> delivered = check(run, segment, record, "last 4 KiB zeroed", true);
        List<String> keptOfLast = delivered.subList(earlier.size(), delivered.size());
        assertTrue(keptOfLast.size() > 10 && keptOfLast.size() < last.size(),
                "the events before the zeroed page are kept, those in it are not: " + keptOfLast.size());
        assertEquals(last.subList(0, keptOfLast.size()), keptOfLast);
    }

    @Test
    void anUnreadableTailIsKeptAsideBeforeItIsTruncatedButACutOffWriteIsNot() throws Exception {
        write(2, 12);
        Records.At record = lastRecord(pristine);
        Path run = copy("header");
        Path segment = Records.lastWithRecords(run.resolve("data"));
        byte[] before = Files.readAllBytes(segment);
        Records.flip(segment, record.offset() + 2);
        check(run, segment, record, "header byte flipped", true);
        Path aside = segment.resolveSibling(segment.getFileName() + ".damaged-at-" + record.offset());
        byte[] kept = Files.readAllBytes(aside);
        assertEquals(record.length(), kept.length);
        assertEquals(before[(int) record.offset() + 3], kept[3], "the tail's bytes as they were on disk");

        Path cut = copy("cut");
        Path cutSegment = Records.lastWithRecords(cut.resolve("data"));
        Records.truncate(cutSegment, Files.size(cutSegment) - 3);
        check(cut, cutSegment, record, "cut by 3 bytes", true);
        try (var files = Files.list(cut.resolve("data"))) {
            assertEquals(List.of(), files.filter(p -> p.toString().contains(".damaged-at-")).toList());
        }
    }

    private Path copy(String name) {
        return Crash.copy(pristine, tmp.resolve(name));
    }

    private static Records.At lastRecord(Path root) throws IOException {
        List<Records.At> records = Records.of(Records.lastWithRecords(root.resolve("data")));
        return records.get(records.size() - 1);
    }

    /** Starts on the damaged copy, checks delivery, metric and log line, then that a restart is silent. */
    private List<String> check(Path run, Path segment, Records.At record, String what, boolean damageVisible)
            throws Exception {
        List<String> delivered;
        try (LogCapture log = new LogCapture()) {
            ChannelCounter counter = new ChannelCounter("c1");
            FileChannel c = FileChannels.in(run).counter(counter).start();
            delivered = bodies(new ChannelHarness(c).drain(1000));
            long damaged = (Long) counter.snapshot().get("DamagedRecordCount");
            c.stop();
            assertEquals(earlier, delivered.subList(0, Math.min(earlier.size(), delivered.size())),
                    what + ": every earlier event, in order");
            Set<String> seen = new HashSet<>();
            for (String d : delivered) {
                assertTrue(seen.add(d), what + ": delivered twice: " + d);
                assertTrue(earlier.contains(d) || last.contains(d), what + ": not an event that was put: " + d);
            }
            if (damageVisible) {
                assertEquals(1, damaged, what + ": DamagedRecordCount");
                String named = segment + " at offset " + record.offset();
                List<String> lines = log.problems().stream().filter(l -> l.contains(named)).toList();
                assertEquals(1, lines.size(), what + ": one log line names " + named + "; problems logged: "
                        + log.problems());
            } else {
                assertEquals(0, damaged, what + ": a record cut off whole leaves nothing to see");
            }
            log.clear();
            ChannelCounter again = new ChannelCounter("c1");
            FileChannel restarted = FileChannels.in(run).counter(again).start();
            assertEquals(0L, again.snapshot().get("DamagedRecordCount"), what + ": restart after recovery");
            assertEquals(0, restarted.size(), what + ": nothing comes back after the drain");
            restarted.stop();
            assertEquals(List.of(), log.problems(), what + ": the restart after recovery is silent");
        }
        return delivered;
    }
}
