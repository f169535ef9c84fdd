package io.sluice.sources.local.spooldir;

import static io.sluice.sources.local.spooldir.SpoolFixture.pollToIdle;
import static io.sluice.sources.local.spooldir.SpoolFixture.runToIdle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.testkit.Specs;
import io.sluice.testkit.TestEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolDirectorySourceTest {
    @TempDir
    Path spool;

    private SpoolFixture fx() {
        return new SpoolFixture(spool);
    }

    private Path write(String name, String content) throws IOException {
        Path p = spool.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    private static String lines(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + "-" + i + "\n").collect(Collectors.joining());
    }

    private Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void ingestsEveryLineOnceInBatchesAndRenamesTheFileWithTheSuffix() throws Exception {
        write("a.log", lines("a", 250));
        SpoolFixture fx = fx();
        runToIdle(fx.source("batchSize", "100"));

        assertEquals(TestEvents.numberedBodies("a", 250), fx.processor.bodies());
        assertEquals(3, fx.processor.batches());
        assertTrue(names(spool).contains("a.log.COMPLETED"));
        assertFalse(names(spool).contains("a.log"));
        assertEquals(3, fx.counter("AppendBatchReceivedCount"));
        assertEquals(3, fx.counter("AppendBatchAcceptedCount"));
        assertEquals(0, fx.counter("EventReadFail"));
    }

    @Test
    void deletePolicyImmediateDeletesTheIngestedFile() throws Exception {
        write("a.log", lines("a", 3));
        SpoolFixture fx = fx();
        runToIdle(fx.source("deletePolicy", "IMMEDIATE"));
        assertEquals(3, fx.processor.events().size());
        assertFalse(Files.exists(spool.resolve("a.log")));
        assertFalse(Files.exists(spool.resolve("a.log.COMPLETED")));
    }

    @Test
    void trackerDirPolicyLeavesTheFileAndIngestsItOnlyOnceAcrossRestarts() throws Exception {
        write("a.log", lines("a", 3));
        SpoolFixture fx = fx();
        SpoolDirectorySource first = fx.source("trackingPolicy", "tracker_dir");
        runToIdle(first);
        first.stop();
        SpoolDirectorySource second = fx.source("trackingPolicy", "tracker_dir");
        runToIdle(second);
        second.stop();

        assertEquals(TestEvents.numberedBodies("a", 3), fx.processor.bodies());
        assertTrue(Files.exists(spool.resolve("a.log")));
        assertTrue(Files.exists(spool.resolve(".flumespool/a.log.COMPLETED")));
    }

    @Test
    void trackerDirPolicyQuarantinesANewFileReusingADoneName() throws Exception {
        write("a.log", lines("a", 3));
        SpoolFixture fx = fx();
        SpoolDirectorySource source = fx.source("trackingPolicy", "tracker_dir", "pollDelay", "1");
        runToIdle(source);
        Files.delete(spool.resolve("a.log"));
        write("a.log", lines("again", 5));
        write("b.log", lines("b", 2));
        pollToIdle(source);

        assertEquals(List.of("a-0", "a-1", "a-2", "b-0", "b-1"), fx.processor.bodies());
        assertTrue(Files.exists(spool.resolve(".quarantine/a.log")));
        assertEquals(1, fx.counter("EventReadFail"));
    }

    @Test
    void aReusedNameUnderTheRenamePolicyIsQuarantinedWithoutBeingRead() throws Exception {
        write("a.log.COMPLETED", lines("old", 2));
        write("a.log", lines("new", 2));
        write("b.log", lines("b", 2));
        SpoolFixture fx = fx();
        runToIdle(fx.source());

        assertEquals(List.of("b-0", "b-1"), fx.processor.bodies());
        assertEquals(lines("new", 2), Files.readString(spool.resolve(".quarantine/a.log")));
        assertEquals(lines("old", 2), Files.readString(spool.resolve("a.log.COMPLETED")));
        assertEquals(1, fx.counter("EventReadFail"));
    }

    @Test
    void aFileAppendedWhileBeingReadIsQuarantinedAfterWhatWasDeliveredAndTheOthersGoOn() throws Exception {
        Path a = write("a.log", lines("a", 10));
        Files.setLastModifiedTime(a, FileTime.fromMillis(1_000));
        write("b.log", lines("b", 2));
        SpoolFixture fx = fx();
        SpoolDirectorySource source = fx.source("batchSize", "4");
        source.start();
        assertEquals(Status.READY, source.poll());
        Files.writeString(a, "appended\n", java.nio.file.StandardOpenOption.APPEND);
        pollToIdle(source);

        assertEquals(List.of("a-0", "a-1", "a-2", "a-3", "b-0", "b-1"), fx.processor.bodies());
        assertTrue(Files.exists(spool.resolve(".quarantine/a.log")));
        assertTrue(Files.exists(spool.resolve("b.log.COMPLETED")));
        assertEquals(1, fx.counter("EventReadFail"));
    }

    @Test
    void aFileChangedAfterItsLastBatchIsQuarantinedInsteadOfMarkedDone() throws Exception {
        Path a = write("a.log", lines("a", 4));
        SpoolFixture fx = fx();
        List<Event> seen = new ArrayList<>();
        ChannelProcessor appendOnCommit = events -> {
            fx.processor.process(events);
            seen.addAll(events);
            try {
                Files.writeString(a, "late\n", java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        };
        runToIdle(fx.source(appendOnCommit));
        assertEquals(4, seen.size());
        assertTrue(Files.exists(spool.resolve(".quarantine/a.log")));
        assertFalse(Files.exists(spool.resolve("a.log.COMPLETED")));
    }

    @Test
    void aZeroByteFileProducesNoEventAndIsMarkedDone() throws Exception {
        write("empty.log", "");
        SpoolFixture fx = fx();
        runToIdle(fx.source());
        assertEquals(0, fx.processor.events().size());
        assertTrue(Files.exists(spool.resolve("empty.log.COMPLETED")));
    }

    @Test
    void aLastLineWithoutNewlineIsDelivered() throws Exception {
        write("a.log", "one\ntwo");
        SpoolFixture fx = fx();
        runToIdle(fx.source());
        assertEquals(List.of("one", "two"), fx.processor.bodies());
        assertTrue(Files.exists(spool.resolve("a.log.COMPLETED")));
    }

    @Test
    void anUnreadableFileIsQuarantinedAndTheOthersGoOn() throws Exception {
        Path bad;
        if (isRoot()) {
            // root reads any file whatever its mode; /proc/self/mem is a regular file whose read fails with EIO.
            bad = Files.createSymbolicLink(spool.resolve("bad.log"), Path.of("/proc/self/mem"));
        } else {
            bad = write("bad.log", "secret\n");
            Files.setPosixFilePermissions(bad, Set.of());
        }
        write("good.log", lines("g", 2));
        SpoolFixture fx = fx();
        runToIdle(fx.source("consumeOrder", "random"));

        assertEquals(List.of("g-0", "g-1"), fx.processor.bodies());
        assertTrue(Files.exists(spool.resolve(".quarantine/bad.log"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(fx.counter("EventReadFail") >= 1);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void undecodableBytesUnderFailQuarantineTheFileAfterTheLinesBeforeThem() throws Exception {
        Files.write(spool.resolve("bin.log"), new byte[] {'o', 'k', '\n', (byte) 0xFF, '\n', 'n', 'o', '\n'});
        SpoolFixture fx = fx();
        runToIdle(fx.source());
        assertEquals(List.of("ok"), fx.processor.bodies());
        assertTrue(Files.exists(spool.resolve(".quarantine/bin.log")));
    }

    @Test
    void undecodableBytesUnderReplaceAndIgnoreAreDeliveredToTheEnd() throws Exception {
        byte[] content = {'o', 'k', '\n', (byte) 0xFF, 'x', '\n', 'z', '\n'};
        Files.write(spool.resolve("r.log"), content);
        SpoolFixture fx = fx();
        runToIdle(fx.source("decodeErrorPolicy", "replace"));
        assertEquals(List.of("ok", "\uFFFDx", "z"), fx.processor.bodies());

        Files.write(spool.resolve("i.log"), content);
        SpoolFixture fx2 = fx();
        runToIdle(fx2.source("decodeErrorPolicy", "Ignore"));
        assertEquals(List.of("ok", "x", "z"), fx2.processor.bodies());
    }

    @Test
    void nonUtf8InputIsDecodedWithInputCharset() throws Exception {
        Files.write(spool.resolve("latin.log"), "Grüße\n".getBytes(StandardCharsets.ISO_8859_1));
        SpoolFixture fx = fx();
        runToIdle(fx.source("inputCharset", "ISO-8859-1"));
        assertEquals(List.of("Grüße"), fx.processor.bodies());
    }

    @Test
    void tenThousandFilesAreEachIngestedOnce() throws Exception {
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            Files.writeString(spool.resolve("f" + i), "line " + i + "\n");
        }
        SpoolFixture fx = fx();
        runToIdle(fx.source("consumeOrder", "random"));

        List<String> bodies = fx.processor.bodies();
        assertEquals(n, bodies.size());
        assertEquals(n, new HashSet<>(bodies).size());
        try (Stream<Path> s = Files.list(spool)) {
            assertEquals(n, s.filter(p -> p.toString().endsWith(".COMPLETED")).count());
        }
    }

    @Test
    void oldestAndYoungestOrderFollowModificationTimesWithTiesByName() throws Exception {
        Files.setLastModifiedTime(write("c", "c\n"), FileTime.fromMillis(3_000));
        Files.setLastModifiedTime(write("a", "a\n"), FileTime.fromMillis(1_000));
        Files.setLastModifiedTime(write("b2", "b2\n"), FileTime.fromMillis(2_000));
        Files.setLastModifiedTime(write("b1", "b1\n"), FileTime.fromMillis(2_000));
        SpoolFixture oldest = fx();
        runToIdle(oldest.source("fileSuffix", ".done", "trackingPolicy", "tracker_dir"));
        assertEquals(List.of("a", "b1", "b2", "c"), oldest.processor.bodies());

        SpoolFixture youngest = fx();
        runToIdle(youngest.source("consumeOrder", "YOUNGEST", "fileSuffix", ".done2", "trackingPolicy", "tracker_dir",
                "trackerDir", ".other"));
        assertEquals(List.of("c", "b1", "b2", "a"), youngest.processor.bodies());
    }

    @Test
    void recursiveSearchEntersSubdirectoriesButNotHiddenIgnoredTrackerOrQuarantineOnes() throws Exception {
        write("top.log", "top\n");
        write("sub/deeper/d.log", "deep\n");
        write("skip/s.log", "skipped\n");
        write(".hidden/h.log", "hidden\n");
        write("tmp.partial", "partial\n");
        SpoolFixture fx = fx();
        runToIdle(fx.source("recursiveDirectorySearch", "true", "ignorePattern", "^(skip|.*\\.partial)$",
                "trackerDir", "tracker", "quarantineDir", "parked"));
        assertEquals(Set.of("top", "deep"), new HashSet<>(fx.processor.bodies()));
        assertTrue(Files.exists(spool.resolve("sub/deeper/d.log.COMPLETED")));
    }

    @Test
    void includePatternMustMatchTheWholeName() throws Exception {
        write("app.log", "yes\n");
        write("app.log.gz", "no\n");
        SpoolFixture fx = fx();
        runToIdle(fx.source("includePattern", ".*\\.log"));
        assertEquals(List.of("yes"), fx.processor.bodies());
    }

    @Test
    void fileAndBasenameHeadersNameTheSourceFile() throws Exception {
        Path a = write("a.log", "x\n");
        SpoolFixture fx = fx();
        runToIdle(fx.source("fileHeader", "true", "basenameHeader", "true", "basenameHeaderKey", "name"));
        Event e = fx.processor.events().get(0);
        assertEquals(Map.of("file", a.toAbsolutePath().toString(), "name", "a.log"), e.headers());
    }

    @Test
    void aRefusedBatchIsReadAgainAfterABackoffSoNothingIsLostOrDoubled() throws Exception {
        write("a.log", lines("a", 30));
        SpoolFixture fx = fx();
        int[] calls = {0};
        ChannelProcessor flaky = events -> {
            if (++calls[0] % 2 == 1) {
                throw new ChannelException("full (test)");
            }
            fx.processor.process(events);
        };
        runToIdle(fx.source(flaky, "batchSize", "7", "maxBackoff", "1"));
        assertEquals(TestEvents.numberedBodies("a", 30), fx.processor.bodies());
    }

    @Test
    void aStoppedSourceResumesAtTheCommittedPositionWithoutDuplicates() throws Exception {
        write("a.log", lines("a", 100));
        SpoolFixture fx = fx();
        SpoolDirectorySource first = fx.source("batchSize", "10");
        first.start();
        for (int i = 0; i < 3; i++) {
            assertEquals(Status.READY, first.poll());
        }
        first.stop();
        runToIdle(fx.source("batchSize", "10"));
        assertEquals(TestEvents.numberedBodies("a", 100), fx.processor.bodies());
    }

    /** A crash after a commit but before its position is written repeats exactly that one batch. */
    @Test
    void aCrashBetweenCommitAndPositionWriteRepeatsAtMostOneBatch() throws Exception {
        write("a.log", lines("a", 100));
        Path positionFile = spool.resolve(".flumespool").resolve(SpoolDirectorySource.POSITION_FILE);
        SpoolFixture fx = fx();
        SpoolDirectorySource first = fx.source("batchSize", "10");
        first.start();
        first.poll();
        first.poll();
        byte[] afterTwoBatches = Files.readAllBytes(positionFile);
        first.poll();
        first.stop();
        Files.write(positionFile, afterTwoBatches);

        runToIdle(fx.source("batchSize", "10"));
        List<String> expected = new ArrayList<>(TestEvents.numberedBodies("a", 30));
        expected.addAll(TestEvents.numberedBodies("a", 100).subList(20, 100));
        assertEquals(expected, fx.processor.bodies());
    }

    @Test
    void aFileChangedWhileTheAgentWasDownIsQuarantinedAtStart() throws Exception {
        Path a = write("a.log", lines("a", 50));
        SpoolFixture fx = fx();
        SpoolDirectorySource first = fx.source("batchSize", "10");
        first.start();
        first.poll();
        first.stop();
        Files.writeString(a, "rewritten\n");
        runToIdle(fx.source("batchSize", "10"));
        assertEquals(TestEvents.numberedBodies("a", 10), fx.processor.bodies());
        assertEquals("rewritten\n", Files.readString(spool.resolve(".quarantine/a.log")));
    }

    @Test
    void startFailsWhileTheSpoolDirectoryIsMissingAndSucceedsOnceItExists() throws Exception {
        Path missing = spool.resolve("later");
        SpoolFixture fx = new SpoolFixture(missing);
        SpoolDirectorySource source = fx.source();
        IOException e = assertThrows(IOException.class, source::start);
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        source.stop();
        Files.createDirectories(missing);
        Files.writeString(missing.resolve("a"), "x\n");
        runToIdle(source);
        assertEquals(List.of("x"), fx.processor.bodies());
    }

    @Test
    void validationRefusesUnknownDeserializersNonAsciiCharsetsAndAnEmptySuffixWhenRenaming() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Specs.settings(
                SpoolDirectorySource.SPEC, Map.of("spoolDir", "/x",
                        "deserializer", "org.apache.flume.external.RegexDelimiterDeSerializer$Builder")));
        assertTrue(e.getMessage().contains("org.apache.flume.external.RegexDelimiterDeSerializer$Builder"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Specs.settings(SpoolDirectorySource.SPEC,
                Map.of("spoolDir", "/x", "inputCharset", "UTF-16")));
        assertThrows(IllegalArgumentException.class, () -> Specs.settings(SpoolDirectorySource.SPEC,
                Map.of("spoolDir", "/x", "fileSuffix", "")));
        assertThrows(IllegalArgumentException.class, () -> Specs.settings(SpoolDirectorySource.SPEC,
                Map.of("spoolDir", "/x", "deletePolicy", "delay")));
        Specs.settings(SpoolDirectorySource.SPEC, Map.of("spoolDir", "/x", "fileSuffix", "", "deletePolicy", "immediate",
                "deserializer", "org.apache.flume.sink.solr.morphline.BlobDeserializer$Builder"));
    }

    @Test
    void claimsTheSpoolAndTrackerDirectoriesSoTwoSourcesCannotShareThem() {
        assertEquals(List.of("dir:/var/spool/in", "dir:/var/spool/in/.flumespool"), SpoolDirectorySource.SPEC.resources(
                Specs.settings(SpoolDirectorySource.SPEC, Map.of("spoolDir", "/var/spool/in/"))));
    }

    @Test
    void positionFileIsEmptyOnceTheFileIsDone() throws Exception {
        write("a.log", lines("a", 30));
        SpoolFixture fx = fx();
        SpoolDirectorySource s = fx.source("batchSize", "10");
        runToIdle(s);
        s.stop();
        try (SpoolPositionFile p = SpoolPositionFile.open(spool.resolve(".flumespool/.sluice-position"), 0)) {
            assertNull(p.current());
        }
    }
}
