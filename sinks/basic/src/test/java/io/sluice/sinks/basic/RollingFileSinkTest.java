package io.sluice.sinks.basic;

import static io.sluice.sinks.basic.SinkTests.count;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
import io.sluice.api.SinkContext;
import io.sluice.api.Status;
import io.sluice.testkit.Await;
import io.sluice.testkit.ChannelHarness;
import io.sluice.testkit.Specs;
import io.sluice.testkit.TestEvents;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingFileSinkTest {
    @TempDir
    Path tmp;

    private Path dir;
    private TestChannel channel = new TestChannel();
    private SinkContext ctx;
    private long nanos;
    private LocalDateTime wall = LocalDateTime.of(2024, 1, 2, 3, 4, 5);
    private final List<RollingFileSink> sinks = new ArrayList<>();

    @BeforeEach
    void setUp() {
        dir = tmp.resolve("out");
    }

    @AfterEach
    void stopSinks() {
        sinks.forEach(RollingFileSink::stop);
    }

    private RollingFileSink sink(Map<String, String> keys) throws IOException {
        return sink(keys, RollingFileSink.CREATE_NEW);
    }

    /** A started sink on {@link #dir} whose clocks are the fields {@link #nanos} and {@link #wall}. */
    private RollingFileSink sink(Map<String, String> keys, RollingFileSink.FileOpener opener) throws IOException {
        Map<String, String> raw = new HashMap<>(keys);
        raw.putIfAbsent("sink.directory", dir.toString());
        ctx = SinkTests.context(RollingFileSink.SPEC, channel, raw);
        RollingFileSink sink = new RollingFileSink(ctx, opener, () -> nanos, () -> wall);
        sinks.add(sink);
        sink.start();
        return sink;
    }

    private void put(String... bodies) {
        List<Event> events = new ArrayList<>();
        for (String b : bodies) {
            events.add(Event.ofString(b));
        }
        new ChannelHarness(channel).put(events);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> contents() throws IOException {
        return files().stream().map(RollingFileSinkTest::read).toList();
    }

    @Test
    void textWritesEachBodyFollowedByANewline() throws Exception {
        RollingFileSink sink = sink(Map.of());
        put("a", "b", "c");

        assertEquals(Status.READY, sink.process());
        sink.stop();

        assertEquals(List.of("a\nb\nc\n"), contents());
    }

    @Test
    void textWithoutAppendNewlineConcatenatesBodies() throws Exception {
        RollingFileSink sink = sink(Map.of("sink.serializer", "text", "sink.serializer.appendNewline", "false"));
        put("a", "b", "c");

        sink.process();
        sink.stop();

        assertEquals(List.of("abc"), contents());
    }

    @Test
    void headerAndTextWritesHeadersAsUtf8MapTextThenSpaceThenBody() throws Exception {
        RollingFileSink sink = sink(Map.of("sink.serializer", "Header_And_Text"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "h1");
        headers.put("città", "né");
        new ChannelHarness(channel).put(List.of(Event.of(headers, "body".getBytes(UTF_8)), Event.ofString("bare")));

        sink.process();
        sink.stop();

        assertEquals(List.of("{host=h1, città=né} body\n{} bare\n"), contents());
    }

    @Test
    void flumeBuilderClassNamesOfTheTextSerializersAreAccepted() {
        Specs.settings(RollingFileSink.SPEC, Map.of("sink.directory", "/x",
                "sink.serializer", "org.apache.flume.serialization.BodyTextEventSerializer$Builder"));
        Specs.settings(RollingFileSink.SPEC, Map.of("sink.directory", "/x",
                "sink.serializer", "org.apache.flume.serialization.HeaderAndBodyTextEventSerializer$Builder"));
    }

    @Test
    void unknownSerializerClassesAreRefusedAtValidationNamingTheClass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Specs.settings(
                RollingFileSink.SPEC, Map.of("sink.directory", "/x", "sink.serializer", "com.example.MySerializer$Builder")));
        assertTrue(e.getMessage().contains("com.example.MySerializer$Builder"), e.getMessage());
        assertTrue(e.getMessage().contains("not supported by Sluice"), e.getMessage());
    }

    @Test
    void avroEventWritesOneContainerFilePerRollWithEveryEventOfItsBatches() throws Exception {
        RollingFileSink sink = sink(Map.of("sink.serializer", "avro_event", "sink.serializer.compressionCodec", "deflate"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "h1");
        new ChannelHarness(channel).put(List.of(Event.of(headers, "one".getBytes(UTF_8)), Event.ofString("two")));
        sink.process();
        put("three");
        sink.process();
        sink.stop();

        List<Path> files = files();
        assertEquals(1, files.size());
        List<String> read = new ArrayList<>();
        try (var reader = new org.apache.avro.file.DataFileReader<org.apache.avro.generic.GenericRecord>(
                files.get(0).toFile(), new org.apache.avro.generic.GenericDatumReader<>())) {
            assertEquals("deflate", reader.getMetaString("avro.codec"));
            for (org.apache.avro.generic.GenericRecord r : reader) {
                java.nio.ByteBuffer body = (java.nio.ByteBuffer) r.get("body");
                read.add(r.get("headers") + " " + UTF_8.decode(body));
            }
        }
        assertEquals(List.of("{host=h1} one", "{} two", "{} three"), read);
    }

    @Test
    void refusesMissingDirectoryUnknownPathManagerBadNumbersAndSeparatorsInNameParts() {
        List<Map<String, String>> bad = List.of(
                Map.of(),
                Map.of("sink.directory", " "),
                Map.of("sink.directory", "/x", "sink.pathManager", "HOURLY"),
                Map.of("sink.directory", "/x", "sink.rollInterval", "30s"),
                Map.of("sink.directory", "/x", "sink.batchSize", "0"),
                Map.of("sink.directory", "/x", "sink.serializer.appendNewline", "yes"),
                Map.of("sink.directory", "/x", "sink.pathManager.prefix", "sub/"),
                Map.of("sink.directory", "/x", "sink.pathManager.extension", "a/b"));
        for (Map<String, String> raw : bad) {
            assertThrows(IllegalArgumentException.class, () -> Specs.settings(RollingFileSink.SPEC, raw), raw::toString);
        }
    }

    @Test
    void declaresSinkBatchSizeForTheTransactionCapacityCheck() {
        assertSame(RollingFileSink.BATCH_SIZE, RollingFileSink.SPEC.batchSizeKey());
        assertEquals("sink.batchSize", RollingFileSink.SPEC.batchSizeKey().name());
    }

    @Test
    void defaultNamesArePrefixSeriesMillisDashCounterDotExtension() throws Exception {
        long before = System.currentTimeMillis();
        RollingFileSink sink = sink(Map.of("sink.pathManager.prefix", "app-", "sink.pathManager.extension", "log",
                "sink.rollInterval", "1"));
        put("a");
        sink.process();
        nanos += TimeUnit.SECONDS.toNanos(1);
        put("b");
        sink.process();
        sink.stop();

        List<String> names = files().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(2, names.size(), names::toString);
        String millis = names.get(0).substring("app-".length(), names.get(0).indexOf('-', "app-".length()));
        assertTrue(Long.parseLong(millis) >= before, millis);
        assertEquals(List.of("app-" + millis + "-1.log", "app-" + millis + "-2.log"), names);
    }

    @Test
    void rollTimeNamesUseTheOpenSecondAndRestartTheCounterWhenItChanges() throws Exception {
        RollingFileSink sink = sink(Map.of("sink.pathManager", "rolltime", "sink.rollInterval", "1"));
        for (String body : List.of("a", "b", "c")) {
            put(body);
            sink.process();
            nanos += TimeUnit.SECONDS.toNanos(1);
            if (body.equals("b")) {
                wall = wall.plusSeconds(1);
            }
        }
        sink.stop();

        assertEquals(List.of("20240102030405-1", "20240102030405-2", "20240102030406-1"),
                files().stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void rollsToANewFileOnceTheIntervalHasElapsedSinceTheFileOpened() throws Exception {
        RollingFileSink sink = sink(Map.of("sink.rollInterval", "30", "sink.pathManager", "ROLLTIME"));
        put("a");
        sink.process();
        nanos += TimeUnit.SECONDS.toNanos(29);
        put("b");
        sink.process();
        nanos += TimeUnit.SECONDS.toNanos(1);
        put("c");
        sink.process();
        sink.stop();

        assertEquals(List.of("a\nb\n", "c\n"), contents());
        assertEquals(2, count(ctx, "ConnectionCreatedCount"));
        assertEquals(2, count(ctx, "ConnectionClosedCount"));
    }

    @Test
    void rollIntervalZeroNeverRolls() throws Exception {
        RollingFileSink sink = sink(Map.of("sink.rollInterval", "0"));
        for (String body : List.of("a", "b", "c")) {
            put(body);
            sink.process();
            nanos += TimeUnit.DAYS.toNanos(1);
        }
        sink.stop();

        assertEquals(List.of("a\nb\nc\n"), contents());
    }

    @Test
    void idleSinkClosesItsFileAfterTheIntervalWithRealClocksAndLeavesNoEmptyFiles() throws Exception {
        channel = new TestChannel(100, Duration.ofMillis(50));
        ctx = SinkTests.context(RollingFileSink.SPEC, channel,
                Map.of("sink.directory", dir.toString(), "sink.rollInterval", "1"));
        RollingFileSink sink = new RollingFileSink(ctx);
        sinks.add(sink);
        sink.start();
        put("a");
        assertEquals(Status.READY, sink.process());
        assertTrue(sink.currentFile() != null);

        Await.until(Duration.ofSeconds(10), () -> {
            try {
                return sink.process() == Status.BACKOFF && sink.currentFile() == null;
            } catch (EventDeliveryException e) {
                throw new AssertionError(e);
            }
        }, () -> "file was not closed after its roll interval");
        for (int i = 0; i < 5; i++) {
            assertEquals(Status.BACKOFF, sink.process());
        }

        assertEquals(List.of("a\n"), contents());
        assertEquals(1, count(ctx, "ConnectionCreatedCount"));
        assertEquals(1, count(ctx, "ConnectionClosedCount"));
    }

    @Test
    void emptyTakesCreateNoFile() throws Exception {
        RollingFileSink sink = sink(Map.of());
        for (int i = 0; i < 3; i++) {
            assertEquals(Status.BACKOFF, sink.process());
        }
        sink.stop();

        assertEquals(List.of(), files());
        assertEquals(0, count(ctx, "ConnectionCreatedCount"));
        assertEquals(3, count(ctx, "BatchEmptyCount"));
    }

    @Test
    void neverTruncatesAnExistingFileWithTheNameItWouldUse() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("20240102030405-1"), "committed earlier\n");
        RollingFileSink sink = sink(Map.of("sink.pathManager", "ROLLTIME"));
        put("new");

        sink.process();
        sink.stop();

        assertEquals("committed earlier\n", read(dir.resolve("20240102030405-1")));
        assertEquals("new\n", read(dir.resolve("20240102030405-2")));
    }

    @Test
    void startCreatesTheMissingDirectoryWithItsParents() throws Exception {
        dir = tmp.resolve("a/b/c");
        RollingFileSink sink = sink(Map.of());

        assertTrue(Files.isDirectory(dir));
        put("a");
        sink.process();
        sink.stop();
        assertEquals(List.of("a\n"), contents());
    }

    @Test
    void startFailsNamingTheDirectoryWhenItCannotBeCreated() throws Exception {
        Path blocker = tmp.resolve("file");
        Files.writeString(blocker, "not a directory");
        dir = blocker.resolve("out");

        IOException e = assertThrows(IOException.class, () -> sink(Map.of()));
        assertTrue(e.getMessage().contains("sink.directory") && e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void failedOpenRollsBackKeepsEventsInOrderAndCountsConnectionFailed() throws Exception {
        RollingFileSink sink = sink(Map.of());
        // Running as root ignores permissions, so make the directory unusable by replacing it with a file.
        Files.delete(dir);
        Files.writeString(dir, "in the way");
        put("a", "b", "c");

        EventDeliveryException e = assertThrows(EventDeliveryException.class, sink::process);
        assertTrue(e.getMessage().contains("failed to open file"), e.getMessage());
        assertEquals(List.of("a", "b", "c"), TestEvents.bodies(channel.contents()));
        assertEquals(1, count(ctx, "ConnectionFailedCount"));
        assertEquals(0, count(ctx, "ConnectionCreatedCount"));
        assertEquals(0, count(ctx, "EventDrainSuccessCount"));

        Files.delete(dir);
        Files.createDirectory(dir);
        assertEquals(Status.READY, sink.process());
        sink.stop();
        assertEquals(List.of("a\nb\nc\n"), contents());
    }

    @Test
    void directoryRemovedWhileRunningIsCreatedAgain() throws Exception {
        RollingFileSink sink = sink(Map.of());
        Files.delete(dir);
        put("a");

        assertEquals(Status.READY, sink.process());
        sink.stop();
        assertEquals(List.of("a\n"), contents());
    }

    @Test
    void failedWriteRollsBackAndTheRetryGoesToANewFileWithoutTheFailedBytesInTheOldOne() throws Exception {
        FailingOpener opener = new FailingOpener();
        RollingFileSink sink = sink(Map.of("sink.pathManager", "ROLLTIME"), opener);
        put("a");
        sink.process();
        put("b", "c");
        opener.failing = true;

        assertThrows(EventDeliveryException.class, sink::process);
        assertEquals(List.of("b", "c"), TestEvents.bodies(channel.contents()));
        assertEquals(1, count(ctx, "EventWriteFail"));

        opener.failing = false;
        assertEquals(Status.READY, sink.process());
        sink.stop();

        assertEquals(List.of("a\n", "b\nc\n"), contents());
        assertEquals(2, count(ctx, "ConnectionCreatedCount"));
        assertEquals(2, count(ctx, "ConnectionClosedCount"));
        assertEquals(3, count(ctx, "EventDrainSuccessCount"));
        assertEquals(5, count(ctx, "EventDrainAttemptCount"));
    }

    @Test
    void failedCloseCountsConnectionFailedAndTheNextFileGetsANewName() throws Exception {
        FailingOpener opener = new FailingOpener();
        RollingFileSink sink = sink(Map.of("sink.pathManager", "ROLLTIME", "sink.rollInterval", "1"), opener);
        put("a");
        sink.process();
        opener.failClose = true;
        nanos += TimeUnit.SECONDS.toNanos(1);
        put("b");

        assertEquals(Status.READY, sink.process());
        opener.failClose = false;
        sink.stop();

        assertEquals(1, count(ctx, "ConnectionFailedCount"));
        assertEquals(List.of("20240102030405-1", "20240102030405-2"),
                files().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(List.of("a\n", "b\n"), contents());
    }

    @Test
    void stopClosesTheFileAndABatchTakenAfterStopStaysInTheChannel() throws Exception {
        RollingFileSink sink = sink(Map.of());
        put("a");
        sink.process();

        sink.stop();
        assertNull(sink.currentFile());
        assertEquals(1, count(ctx, "ConnectionClosedCount"));

        put("b");
        assertThrows(EventDeliveryException.class, sink::process);
        assertEquals(List.of("b"), TestEvents.bodies(channel.contents()));
        assertEquals(List.of("a\n"), contents());
    }

    @Test
    void failedTakeCountsChannelReadFailAndOpensNothing() throws Exception {
        RollingFileSink sink = sink(Map.of());
        channel.failTakes(true);

        assertThrows(EventDeliveryException.class, sink::process);

        assertEquals(1, count(ctx, "ChannelReadFail"));
        assertEquals(List.of(), files());
    }

    /** Opens real files, and fails writes or closes on demand. */
    private static final class FailingOpener implements RollingFileSink.FileOpener {
        volatile boolean failing;
        volatile boolean failClose;

        @Override
        public OutputStream createNew(Path file) throws IOException {
            OutputStream real = RollingFileSink.CREATE_NEW.createNew(file);
            return new FilterOutputStream(real) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (failing) {
                        throw new IOException("disk full (test)");
                    }
                    out.write(b, off, len);
                }

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void close() throws IOException {
                    super.close();
                    if (failClose) {
                        throw new IOException("close failed (test)");
                    }
                }
            };
        }
    }
}
