package io.sluice.sources.local.taildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.SourceContext;
import io.sluice.api.Status;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.testkit.CollectingChannelProcessor;
import io.sluice.testkit.Specs;
import io.sluice.testkit.TestEvents;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaildirSourceTest {
    @TempDir
    Path dir;

    private final CollectingChannelProcessor processor = new CollectingChannelProcessor();
    private final SourceCounter counter = new SourceCounter("r1");

    private Path logs() throws IOException {
        return Files.createDirectories(dir.resolve("logs"));
    }

    private Path positions() {
        return dir.resolve("state/taildir_position.json");
    }

    private TaildirSource source(String... keyValues) {
        return source(processor, keyValues);
    }

    private TaildirSource source(ChannelProcessor to, String... keyValues) {
        Map<String, String> raw = new HashMap<>();
        raw.put("filegroups", "g1");
        raw.put("filegroups.g1", dir.resolve("logs") + "/app\\.log");
        raw.put("positionFile", positions().toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], keyValues[i + 1]);
        }
        counter.start();
        return new TaildirSource(new SourceContext("r1", Specs.settings(TaildirSource.SPEC, raw), to, counter, 100_000));
    }

    private static void pollUntilIdle(TaildirSource s) throws IOException {
        for (int i = 0; i < 10_000; i++) {
            if (s.poll() == Status.BACKOFF) {
                return;
            }
        }
        throw new AssertionError("source never went idle");
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String lines(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + "-" + i + "\n").collect(Collectors.joining());
    }

    private static List<String> expected(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + "-" + i).toList();
    }

    @Test
    void readsLinesOfMatchingFilesStrippingTheNewlineAndACarriageReturnBeforeIt() throws Exception {
        Path logs = logs();
        append(logs.resolve("app.log"), "one\r\ntwo\n\nthree\rfour\n");
        append(logs.resolve("other.log"), "not matched\n");
        TaildirSource s = source();
        s.start();
        pollUntilIdle(s);
        assertEquals(List.of("one", "two", "", "three\rfour"), processor.bodies());
        assertEquals(1, ((Number) counter.snapshot().get("AppendBatchAcceptedCount")).longValue());
    }

    @Test
    void anUnterminatedLineIsHeldBackUntilItsNewlineArrives() throws Exception {
        Path app = logs().resolve("app.log");
        append(app, "first\nsec");
        TaildirSource s = source();
        s.start();
        pollUntilIdle(s);
        assertEquals(List.of("first"), processor.bodies());
        append(app, "ond\nthird\n");
        pollUntilIdle(s);
        assertEquals(List.of("first", "second", "third"), processor.bodies());
    }

    /** app.log is renamed away (its new name does not match) while it still has unread lines and gets late writes. */
    @Test
    void renameRotationLosesAndRepeatsNothing() throws Exception {
        Path logs = logs();
        Path app = logs.resolve("app.log");
        append(app, lines("old", 0, 10));
        TaildirSource s = source("idleTimeout", "60000");
        s.start();
        pollUntilIdle(s);
        append(app, lines("old", 10, 15));
        Path rotated = logs.resolve("app.log.1");
        Files.move(app, rotated);
        append(rotated, lines("old", 15, 20));
        append(app, lines("new", 0, 5));
        pollUntilIdle(s);

        List<String> got = processor.bodies();
        List<String> old = got.stream().filter(b -> b.startsWith("old")).toList();
        List<String> fresh = got.stream().filter(b -> b.startsWith("new")).toList();
        assertEquals(expected("old", 0, 20), old);
        assertEquals(expected("new", 0, 5), fresh);
    }

    /** logrotate's create mode: rename, create the new empty file at once, the writer keeps writing the old one for a while. */
    @Test
    void createRotationLosesAndRepeatsNothingEvenWhenTheRotatedNameStillMatches() throws Exception {
        Path logs = logs();
        Path app = logs.resolve("app.log");
        try (FileOutputStream writer = new FileOutputStream(app.toFile(), true)) {
            writer.write(lines("a", 0, 10).getBytes(StandardCharsets.UTF_8));
            TaildirSource s = source("filegroups.g1", logs + "/app\\.log.*", "idleTimeout", "60000");
            s.start();
            pollUntilIdle(s);
            Files.move(app, logs.resolve("app.log.1"));
            Files.createFile(app);
            pollUntilIdle(s);
            writer.write(lines("a", 10, 20).getBytes(StandardCharsets.UTF_8));
            pollUntilIdle(s);
            append(app, lines("b", 0, 7));
            pollUntilIdle(s);
        }
        List<String> got = processor.bodies();
        assertEquals(expected("a", 0, 20), got.stream().filter(b -> b.startsWith("a")).toList());
        assertEquals(expected("b", 0, 7), got.stream().filter(b -> b.startsWith("b")).toList());
        assertEquals(27, got.size());
    }

    @Test
    void copytruncateStartsAgainFromTheBeginningOfTheTruncatedFile() throws Exception {
        Path logs = logs();
        Path app = logs.resolve("app.log");
        append(app, lines("a", 0, 10));
        TaildirSource s = source();
        s.start();
        pollUntilIdle(s);
        Files.copy(app, logs.resolve("app.log.1"), StandardCopyOption.REPLACE_EXISTING);
        try (RandomAccessFile f = new RandomAccessFile(app.toFile(), "rw")) {
            f.setLength(0);
        }
        pollUntilIdle(s);
        append(app, lines("b", 0, 3));
        pollUntilIdle(s);
        List<String> want = new ArrayList<>(expected("a", 0, 10));
        want.addAll(expected("b", 0, 3));
        assertEquals(want, processor.bodies());
    }

    /** Truncated and written past the old position between two polls: Flume reads on from the middle and loses the head. */
    @Test
    void aTruncationFollowedByRegrowthPastThePositionIsNoticed() throws Exception {
        Path app = logs().resolve("app.log");
        append(app, lines("a", 0, 10));
        TaildirSource s = source();
        s.start();
        pollUntilIdle(s);
        try (RandomAccessFile f = new RandomAccessFile(app.toFile(), "rw")) {
            f.setLength(0);
        }
        append(app, lines("bb", 0, 20));
        pollUntilIdle(s);
        List<String> want = new ArrayList<>(expected("a", 0, 10));
        want.addAll(expected("bb", 0, 20));
        assertEquals(want, processor.bodies());
    }

    @Test
    void positionsAreWrittenInFlumesJsonFormatAndARestartResumesWithoutRepeats() throws Exception {
        Path app = logs().resolve("app.log");
        append(app, lines("a", 0, 10));
        TaildirSource first = source();
        first.start();
        pollUntilIdle(first);
        first.stop();
        String json = Files.readString(positions());
        long inode = (Long) Files.getAttribute(app, "unix:ino");
        assertEquals("[{\"inode\":" + inode + ",\"pos\":" + Files.size(app) + ",\"file\":\"" + app + "\"}]", json);
        assertFalse(Files.exists(positions().resolveSibling(".taildir_position.json.tmp")));

        append(app, lines("a", 10, 15));
        TaildirSource second = source();
        second.start();
        pollUntilIdle(second);
        assertEquals(expected("a", 0, 15), processor.bodies());
    }

    @Test
    void aPositionFileWrittenByFlumeIsHonouredAndAFileRenamedWhileDownIsFollowed() throws Exception {
        Path logs = logs();
        Path old = logs.resolve("app.log");
        append(old, lines("a", 0, 10));
        long pos = lines("a", 0, 4).length();
        long inode = (Long) Files.getAttribute(old, "unix:ino");
        Files.createDirectories(positions().getParent());
        Files.writeString(positions(), "[{\"inode\":" + inode + ",\"pos\":" + pos + ",\"file\":\"" + old + "\"}]");
        Files.move(old, logs.resolve("app.log.2024"));
        TaildirSource s = source("filegroups.g1", logs + "/app\\.log.*");
        s.start();
        pollUntilIdle(s);
        assertEquals(expected("a", 4, 10), processor.bodies());
    }

    @Test
    void skipToEndStartsFilesPresentAtStartAfterTheirLastCompleteLineButLaterFilesAtZero() throws Exception {
        Path logs = logs();
        append(logs.resolve("app.log"), "old\nolder\npart");
        TaildirSource s = source("filegroups.g1", logs + "/.*\\.log", "skipToEnd", "true");
        s.start();
        pollUntilIdle(s);
        append(logs.resolve("app.log"), "ial\nnew\n");
        append(logs.resolve("late.log"), "late\n");
        pollUntilIdle(s);
        assertEquals(List.of("partial", "new", "late"), processor.bodies());
    }

    @Test
    void groupFileAndByteOffsetHeadersAreSet() throws Exception {
        Path app = logs().resolve("app.log");
        append(app, "ab\ncd\n");
        TaildirSource s = source("headers.g1.topic", "web", "headers.g1.dc.name", "eu", "fileHeader", "true",
                "byteOffsetHeader", "true");
        s.start();
        pollUntilIdle(s);
        List<Event> events = processor.events();
        assertEquals(Map.of("topic", "web", "dc.name", "eu", "file", app.toString(), "byteoffset", "0"),
                events.get(0).headers());
        assertEquals("3", events.get(1).header("byteoffset"));
    }

    @Test
    void aFileMatchedByTwoGroupsIsReadOnceWithTheFirstGroupsHeaders() throws Exception {
        Path logs = logs();
        append(logs.resolve("app.log"), "x\n");
        TaildirSource s = source("filegroups", "g2 g1", "filegroups.g2", logs + "/.*", "headers.g1.g", "one",
                "headers.g2.g", "two");
        s.start();
        pollUntilIdle(s);
        assertEquals(1, processor.events().size());
        assertEquals("two", processor.events().get(0).header("g"));
    }

    @Test
    void linesLongerThanMaxLineBytesAreSplitNotBuffered() throws Exception {
        Path app = logs().resolve("app.log");
        append(app, "0123456789abcdefghij\nok\n");
        TaildirSource s = source("maxLineBytes", "8");
        s.start();
        pollUntilIdle(s);
        assertEquals(List.of("01234567", "89abcdef", "ghij", "ok"), processor.bodies());
    }

    @Test
    void aRefusedBatchIsReadAgainSoNothingIsLostOrRepeated() throws Exception {
        Path app = logs().resolve("app.log");
        append(app, lines("a", 0, 50));
        int[] calls = {0};
        ChannelProcessor flaky = events -> {
            if (++calls[0] % 3 == 0) {
                throw new ChannelException("full (test)");
            }
            processor.process(events);
        };
        TaildirSource s = source(flaky, "batchSize", "7");
        s.start();
        for (int i = 0; i < 100 && processor.events().size() < 50; i++) {
            s.poll();
        }
        assertEquals(expected("a", 0, 50), processor.bodies());
    }

    @Test
    void maxBatchCountLetsTheNextFileHaveATurn() throws Exception {
        Path logs = logs();
        append(logs.resolve("a.log"), lines("a", 0, 30));
        append(logs.resolve("b.log"), lines("b", 0, 2));
        TaildirSource s = source("filegroups.g1", logs + "/.*", "batchSize", "5", "maxBatchCount", "1");
        s.start();
        assertEquals(Status.READY, s.poll());
        List<String> firstPoll = processor.bodies();
        assertEquals(7, firstPoll.size());
        pollUntilIdle(s);
        assertEquals(32, processor.events().size());
    }

    @Test
    void aRotatedAwayFileThatGoesIdleHasItsUnterminatedLastLineDelivered() throws Exception {
        Path logs = logs();
        Path app = logs.resolve("app.log");
        append(app, "done\nunfinished");
        TaildirSource s = source("idleTimeout", "1");
        s.start();
        pollUntilIdle(s);
        Files.move(app, logs.resolve("app.log.old"));
        Thread.sleep(5);
        pollUntilIdle(s);
        Thread.sleep(5);
        pollUntilIdle(s);
        assertEquals(List.of("done", "unfinished"), processor.bodies());
    }

    @Test
    void anIdleFileIsClosedAndReopenedWhenItGrows() throws Exception {
        Path app = logs().resolve("app.log");
        append(app, "one\n");
        TaildirSource s = source("idleTimeout", "1");
        s.start();
        pollUntilIdle(s);
        Thread.sleep(5);
        pollUntilIdle(s);
        append(app, "two\n");
        pollUntilIdle(s);
        assertEquals(List.of("one", "two"), processor.bodies());
    }

    @Test
    void startFailsWhileAGroupDirectoryIsMissing() throws Exception {
        TaildirSource s = source("filegroups.g1", dir.resolve("nope") + "/x");
        IOException e = assertThrows(IOException.class, s::start);
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void validationRefusesAGroupWithoutMappingHeadersOfAnUnknownGroupAndABadRegex() {
        assertThrows(IllegalArgumentException.class, () -> Specs.settings(TaildirSource.SPEC,
                Map.of("filegroups", "g1 g2", "filegroups.g1", "/var/log/.*")));
        assertThrows(IllegalArgumentException.class, () -> Specs.settings(TaildirSource.SPEC,
                Map.of("filegroups", "g1", "filegroups.g1", "/var/log/.*", "headers.g3.k", "v")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Specs.settings(TaildirSource.SPEC,
                Map.of("filegroups", "g1", "filegroups.g1", "/var/log/app[")));
        assertTrue(e.getMessage().contains("regular expression"), e.getMessage());
        Specs.settings(TaildirSource.SPEC, Map.of("filegroups", "g1", "filegroups.g1", "/var/log/.*\\.log",
                "headers.g1.a.b", "c"));
    }

    @Test
    void claimsItsPositionFile() {
        assertEquals(List.of("file:/tmp/p.json"), TaildirSource.SPEC.resources(Specs.settings(TaildirSource.SPEC,
                Map.of("filegroups", "g1", "filegroups.g1", "/var/log/.*", "positionFile", "/tmp/p.json"))));
    }
}
