package io.sluice.channels.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.metrics.ChannelCounter;
import io.sluice.channels.file.wal.record.PreviousSegment;
import io.sluice.channels.file.wal.record.RecordHeader;
import io.sluice.channels.file.wal.record.RecordType;
import io.sluice.channels.file.wal.segment.SegmentHeader;
import io.sluice.channels.file.wal.segment.SegmentSet;
import io.sluice.testkit.ChannelHarness;
import io.sluice.testkit.TestEvents;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment deleted from the middle of the log, before the checkpoint's position or after it, two in
 * a row, and the newest: every other event is delivered exactly once, and the report, the
 * {@code LostEventCount} metric and the log line give the exact number lost, or say it is an upper
 * bound, or unknown. {@code strictRecovery} refuses to start on each, and the restart after a
 * recovery is silent. The expected numbers come from what the test put and took, and from which
 * segment each record landed in.
 */
class MissingSegmentTest {
    @TempDir
    Path tmp;

    /** Sequence numbers are given in put order, from 0; bodies are unique. */
    private final List<String> bodies = new ArrayList<>();
    private final Map<String, Integer> seqOf = new HashMap<>();
    private final List<List<Integer>> putRecords = new ArrayList<>();
    private final List<List<Integer>> takeRecords = new ArrayList<>();
    private final Set<Integer> taken = new HashSet<>();
    private int batches;

    /** What one segment's records put and took, by sequence number. */
    private record Held(Path segment, Set<Integer> puts, Set<Integer> took) {
    }

    private void put(ChannelHarness h, int n) {
        List<Event> events = FileChannels.sized("b" + batches++, n, 30);
        List<Integer> seqs = new ArrayList<>();
        for (String body : TestEvents.bodies(events)) {
            seqOf.put(body, bodies.size());
            seqs.add(bodies.size());
            bodies.add(body);
        }
        h.put(events);
        putRecords.add(seqs);
    }

    private void take(ChannelHarness h, int n) {
        List<Integer> seqs = TestEvents.bodies(h.take(n)).stream().map(seqOf::get).toList();
        assertEquals(n, seqs.size());
        takeRecords.add(seqs);
        taken.addAll(seqs);
    }

    /**
     * Puts batches of ten 30-byte events into 2 KiB segments (four batches each), taking much at
     * first and little later, so segments hold takes of their own events and of earlier ones, and
     * later segments take some of their events while others stay queued.
     */
    private void fill(ChannelHarness h) {
        for (int round = 0; round < 5; round++) {
            int take = round < 2 ? 12 : 2;
            put(h, 10);
            put(h, 10);
            take(h, take);
            put(h, 10);
            take(h, take);
            put(h, 10);
            take(h, take);
        }
    }

    /**
     * Maps every PUT and TAKE record in the log to the put or take that wrote it: the log holds the
     * last ones (segments are deleted oldest first), in order.
     */
    private Map<Path, Held> held(Path root) throws Exception {
        List<Path> segments = Records.segments(root.resolve("data"));
        int puts = 0;
        int takes = 0;
        for (Path segment : segments) {
            for (Records.At r : Records.of(segment)) {
                puts += r.header().type() == RecordType.PUT ? 1 : 0;
                takes += r.header().type() == RecordType.TAKE ? 1 : 0;
            }
        }
        int p = putRecords.size() - puts;
        int t = takeRecords.size() - takes;
        Map<Path, Held> out = new HashMap<>();
        for (Path segment : segments) {
            Held h = new Held(segment, new TreeSet<>(), new TreeSet<>());
            for (Records.At r : Records.of(segment)) {
                if (r.header().type() == RecordType.PUT) {
                    h.puts().addAll(putRecords.get(p++));
                } else {
                    h.took().addAll(takeRecords.get(t++));
                }
            }
            out.put(segment, h);
        }
        return out;
    }

    /**
     * The bodies a drain must deliver, in queue order, once the segments {@code gone} are missing:
     * neither their events nor those taken, except that events their TAKE records took come back
     * when those records lay after the checkpoint (the checkpoint does not show those takes).
     */
    private List<String> deliveredWithout(boolean theirTakesReplayed, Held... gone) {
        Set<Integer> notDelivered = new HashSet<>(taken);
        for (Held h : gone) {
            if (theirTakesReplayed) {
                notDelivered.removeAll(h.took());
            }
        }
        for (Held h : gone) {
            notDelivered.addAll(h.puts());
        }
        List<String> out = new ArrayList<>();
        for (int seq = 0; seq < bodies.size(); seq++) {
            if (!notDelivered.contains(seq)) {
                out.add(bodies.get(seq));
            }
        }
        return out;
    }

    private static long count(Set<Integer> set, Set<Integer> except) {
        return set.stream().filter(s -> !except.contains(s)).count();
    }

    /** Fills a new channel in {@code root}, stops it, with or without a checkpoint; returns its segments. */
    private List<Path> fill(Path root, String checkpointOnClose) throws Exception {
        FileChannel c = FileChannels.in(root).set("maxFileSize", "2048", "checkpointOnClose", checkpointOnClose).start();
        fill(new ChannelHarness(c));
        c.stop();
        return Records.segments(root.resolve("data"));
    }

    @Test
    void aSegmentBeforeTheCheckpointCostsExactlyItsQueuedEventsNotTakenSince() throws Exception {
        Path root = tmp.resolve("before");
        fill(root, "true");
        FileChannel c = FileChannels.in(root).set("maxFileSize", "2048", "checkpointOnClose", "false").start();
        take(new ChannelHarness(c), 30);
        c.stop();
        List<Path> segments = Records.segments(root.resolve("data"));
        Path gone = segments.get(1);
        Held inIt = held(root).get(gone);
        long lost = count(inIt.puts(), taken);
        assertTrue(lost > 0 && lost < inIt.puts().size(), "some of its events were taken after the checkpoint, "
                + "some not: " + inIt);
        Files.delete(gone);

        expectRecovery(root, lost, "LOST " + lost + " committed event(s)", deliveredWithout(false, inIt),
                gone.getFileName() + " is missing. It lies before the checkpoint's position");
    }

    @Test
    void aSegmentAfterTheCheckpointCostsExactlyItsEventsNotTakenInsideItOrLater() throws Exception {
        Path root = tmp.resolve("after");
        List<Path> segments = fill(root, "false");
        Map<Path, Held> held = held(root);
        Path gone = segments.get(2);
        Held inIt = held.get(gone);
        Set<Integer> tookOwn = new TreeSet<>(inIt.took());
        tookOwn.retainAll(inIt.puts());
        assertTrue(!tookOwn.isEmpty() && tookOwn.size() < inIt.took().size(), "its takes took events of its own and "
                + "earlier ones: " + inIt);
        Set<Integer> takenLater = new TreeSet<>(segments.subList(3, segments.size()).stream()
                .flatMap(s -> held.get(s).took().stream()).toList());
        takenLater.retainAll(inIt.puts());
        assertTrue(!takenLater.isEmpty(), "later takes took some of its events");
        long lost = count(inIt.puts(), taken);
        assertEquals(inIt.puts().size() - tookOwn.size() - takenLater.size(), lost);
        Files.delete(gone);

        expectRecovery(root, lost, "LOST " + lost + " committed event(s)", deliveredWithout(true, inIt),
                gone.getFileName() + " held " + inIt.puts().size() + " event(s)");
    }

    @Test
    void twoMissingInARowCountTheLastExactlyAndTheOtherAsAnUpperBound() throws Exception {
        Path root = tmp.resolve("two");
        List<Path> segments = fill(root, "false");
        Map<Path, Held> held = held(root);
        Held first = held.get(segments.get(1));
        Held second = held.get(segments.get(2));
        Set<Integer> takenSurviving = new HashSet<>(taken);
        takenSurviving.removeAll(first.took());
        takenSurviving.removeAll(second.took());
        long counted = count(first.puts(), takenSurviving) + count(second.puts(), taken);
        long lost = count(first.puts(), taken) + count(second.puts(), taken);
        assertTrue(counted > lost, "the first one's takes of its own events make the bound larger");
        Files.delete(segments.get(1));
        Files.delete(segments.get(2));

        expectRecovery(root, 2, counted, "LOST at most " + counted + " committed event(s)",
                deliveredWithout(true, first, second), "the gap in sequence numbers");
    }

    /** Fills a channel in {@code root}, then deletes its newest segment; returns what that held. */
    private Held deleteNewest(Path root, String checkpointOnClose) throws Exception {
        List<Path> segments = fill(root, checkpointOnClose);
        Path newest = segments.get(segments.size() - 1);
        Held inIt = held(root).get(newest);
        Files.delete(newest);
        return inIt;
    }

    @Test
    void theNewestSegmentIsDetectedAndItsLossSaidToBeUnknown() throws Exception {
        Path root = tmp.resolve("newest");
        Held inIt = deleteNewest(root, "false");
        assertTrue(!inIt.puts().isEmpty() && !inIt.took().isEmpty(), "the newest segment holds puts and takes");

        expectRecovery(root, 0, "LOST an unknown number of committed events (0 counted)", deliveredWithout(true, inIt),
                inIt.segment().getFileName() + " is missing, the newest");
    }

    @Test
    void theNewestSegmentHoldingTheCheckpointCountsWhatTheCheckpointPlacesInIt() throws Exception {
        Path root = tmp.resolve("newest-checkpointed");
        Held inIt = deleteNewest(root, "true");
        long queued = count(inIt.puts(), taken);
        assertTrue(queued > 0, "the checkpoint written at close places events in it");

        expectRecovery(root, queued, "LOST an unknown number of committed events (" + queued + " counted)",
                deliveredWithout(false, inIt),
                inIt.segment().getFileName() + " is missing, where the checkpoint's replay starts");
    }

    @Test
    void aSegmentCutShortBeforeItsRollRecordMakesTheNextForgetWhatItSaysOfIt() throws Exception {
        Path root = tmp.resolve("cut");
        List<Path> segments = fill(root, "false");
        Path next = segments.get(segments.size() - 1);
        Path cut = segments.get(segments.size() - 2);
        PreviousSegment claimed = previousOf(next);
        assertTrue(claimed.known());
        List<Records.At> puts = Records.of(cut).stream().filter(r -> r.header().type() == RecordType.PUT).toList();
        Records.truncate(cut, puts.get(puts.size() - 1).offset());
        Records.truncate(next, SegmentSet.RECORDS_START);

        FileChannel c = FileChannels.in(root).set("maxFileSize", "2048").start();
        assertEquals(PreviousSegment.UNKNOWN, previousOf(next), "as a crash leaves it right after the writer moved on");
        new ChannelHarness(c).put(FileChannels.sized("new", 1, 30));
        c.stop();
        Path written = Records.lastWithRecords(root.resolve("data"));
        assertEquals(claimed.endSeq(), Records.of(written).get(0).header().seq(),
                "sequence numbers the record gave out are not given out again");
    }

    private static PreviousSegment previousOf(Path segment) throws Exception {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(segment));
        return PreviousSegment.decode(buf, SegmentHeader.SIZE, RecordHeader.parse(buf, SegmentHeader.SIZE));
    }

    /**
     * On a copy, strictRecovery refuses to start; on the directories themselves the channel starts,
     * delivers exactly {@code expected}, counts {@code lost} and {@code missing} segments, and logs
     * {@code summary} and a line holding {@code named}; then a strict restart starts, silently.
     */
    private void expectRecovery(Path root, long lost, String summary, List<String> expected, String named)
            throws Exception {
        expectRecovery(root, 1, lost, summary, expected, named);
    }

    private void expectRecovery(Path root, long missing, long lost, String summary, List<String> expected,
                                String named) throws Exception {
        Path copy = Crash.copy(root, tmp.resolve(root.getFileName() + "-strict"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FileChannels.in(copy).set("maxFileSize", "2048", "strictRecovery", "true").start());
        assertTrue(e.getMessage().contains("strictRecovery = true"), e.getMessage());

        try (LogCapture log = new LogCapture()) {
            ChannelCounter counter = new ChannelCounter("c1");
            FileChannel c = FileChannels.in(root).counter(counter).set("maxFileSize", "2048").start();
            List<String> delivered = TestEvents.bodies(new ChannelHarness(c).drain(1000));
            c.stop();
            assertEquals(expected, delivered, "every other event, once, in order");
            assertEquals(lost, counter.snapshot().get("LostEventCount"));
            assertEquals(missing, counter.snapshot().get("MissingSegmentCount"));
            assertTrue(log.problems().stream().anyMatch(l -> l.contains(summary + " to the damage listed above")),
                    "the summary says " + summary + ": " + log.problems());
            assertTrue(log.problems().stream().anyMatch(l -> l.contains(named)),
                    "a line says " + named + ": " + log.problems());

            log.clear();
            FileChannel again = FileChannels.in(root).set("maxFileSize", "2048", "strictRecovery", "true").start();
            assertEquals(0, again.size());
            again.stop();
            assertEquals(List.of(), log.problems(), "the restart after recovery is silent");
        }
    }
}
