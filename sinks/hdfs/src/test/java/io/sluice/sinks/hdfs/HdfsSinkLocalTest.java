package io.sluice.sinks.hdfs;

import static io.sluice.sinks.hdfs.SinkFixture.event;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
import io.sluice.testkit.Specs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hdfs sink against the local file system through Hadoop's file:// implementation: no cluster. */
class HdfsSinkLocalTest {
    private static final Configuration CONF = new Configuration();

    @TempDir
    Path tmp;

    private final List<SinkFixture> fixtures = new ArrayList<>();

    @AfterEach
    void stopAll() {
        fixtures.forEach(SinkFixture::close);
    }

    private SinkFixture sink(Map<String, String> raw) throws Exception {
        SinkFixture f = new SinkFixture(raw, CONF);
        fixtures.add(f);
        f.sink.start();
        return f;
    }

    private String uri(String relative) {
        return tmp.toUri() + relative;
    }

    /** Every regular data file under the temp dir (Hadoop's .crc files left out), sorted. */
    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".crc")).sorted().toList();
        }
    }

    private List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, UTF_8);
    }

    private List<String> allLines() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path f : files()) {
            out.addAll(lines(f));
        }
        return out;
    }

    @Test
    void bucketsByHeaderAndByTimeInTheConfiguredZone() throws Exception {
        Map<String, String> raw = SinkFixture.textConfig(uri("out/%{app}/%Y-%m-%d/%H"));
        SinkFixture f = sink(raw);
        long nine = ZonedDateTime.of(2024, 5, 6, 9, 30, 0, 0, ZoneId.of("UTC")).toInstant().toEpochMilli();
        long ten = nine + 3_600_000;
        f.put(List.of(event("a1", "app", "web", "timestamp", Long.toString(nine)),
                event("b1", "app", "db", "timestamp", Long.toString(nine)),
                event("a2", "app", "web", "timestamp", Long.toString(ten)),
                event("a3", "app", "web", "timestamp", Long.toString(nine))));
        f.drain();
        f.sink.stop();

        Path web9 = tmp.resolve("out/web/2024-05-06/09");
        Path web10 = tmp.resolve("out/web/2024-05-06/10");
        Path db9 = tmp.resolve("out/db/2024-05-06/09");
        assertEquals(List.of("a1", "a3"), lines(only(web9)));
        assertEquals(List.of("a2"), lines(only(web10)));
        assertEquals(List.of("b1"), lines(only(db9)));
        assertTrue(only(web9).getFileName().toString().matches("FlumeData\\.\\d+"), only(web9).toString());
    }

    private static Path only(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> data = s.filter(p -> !p.getFileName().toString().endsWith(".crc")).toList();
            assertEquals(1, data.size(), data.toString());
            return data.get(0);
        }
    }

    @Test
    void rollCountStartsANewFileBeforeTheEventThatWouldExceedIt() throws Exception {
        Map<String, String> raw = SinkFixture.textConfig(uri("out"));
        raw.put("hdfs.rollCount", "10");
        SinkFixture f = sink(raw);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(Event.ofString("e" + i));
        }
        f.put(events);
        f.drain();
        assertEquals(2, files().stream().filter(p -> !p.toString().endsWith(".tmp")).count());
        assertEquals(1, files().stream().filter(p -> p.toString().endsWith(".tmp")).count());
        f.sink.stop();

        List<Path> files = files();
        assertEquals(3, files.size());
        assertEquals(List.of(10, 10, 5), files.stream().map(p -> unchecked(() -> lines(p).size())).toList());
        assertEquals(3, f.count("ConnectionCreatedCount"));
        assertEquals(3, f.count("ConnectionClosedCount"));
        assertEquals(25, f.count("EventDrainSuccessCount"));
    }

    @Test
    void rollSizeCountsBodyBytes() throws Exception {
        Map<String, String> raw = SinkFixture.textConfig(uri("out"));
        raw.put("hdfs.rollSize", "10");
        SinkFixture f = sink(raw);
        f.put("abcd", "efgh", "ijkl", "mnop", "q");
        f.drain();
        f.sink.stop();
        assertEquals(List.of(List.of("abcd", "efgh", "ijkl"), List.of("mnop", "q")),
                files().stream().map(p -> unchecked(() -> lines(p))).toList());
    }

    @Test
    void rollIntervalAndIdleTimeoutFinalizeFilesWhileTheSinkIsIdle() throws Exception {
        Map<String, String> interval = SinkFixture.textConfig(uri("interval"));
        interval.put("hdfs.rollInterval", "1");
        Map<String, String> idle = SinkFixture.textConfig(uri("idle"));
        idle.put("hdfs.idleTimeout", "1");
        SinkFixture a = sink(interval);
        SinkFixture b = sink(idle);
        a.put("x");
        b.put("y");
        a.drain();
        b.drain();
        assertTrue(files().stream().allMatch(p -> p.toString().endsWith(".tmp")), files().toString());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (files().stream().anyMatch(p -> p.toString().endsWith(".tmp")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            a.sink.process();
            b.sink.process();
        }
        assertEquals(2, files().size());
        assertTrue(files().stream().noneMatch(p -> p.toString().endsWith(".tmp")), files().toString());
    }

    @Test
    void writesUnderTheInUseNameAndRenamesOnStop() throws Exception {
        Map<String, String> raw = SinkFixture.textConfig(uri("out"));
        raw.put("hdfs.inUsePrefix", ".");
        raw.put("hdfs.inUseSuffix", ".writing");
        raw.put("hdfs.filePrefix", "events");
        raw.put("hdfs.fileSuffix", ".log");
        SinkFixture f = sink(raw);
        f.put("one");
        f.drain();
        String open = files().get(0).getFileName().toString();
        assertTrue(open.matches("\\.events\\.\\d+\\.log\\.writing"), open);
        f.sink.stop();
        String done = files().get(0).getFileName().toString();
        assertEquals(open.substring(1, open.length() - ".writing".length()), done);
    }

    @Test
    void emptyInUseSuffixLeavesOnlyTheInUsePrefixToMarkAnOpenFile() throws Exception {
        Map<String, String> raw = SinkFixture.textConfig(uri("out"));
        raw.put("hdfs.inUsePrefix", "_");
        raw.put("hdfs.emptyInUseSuffix", "true");
        SinkFixture f = sink(raw);
        f.put("one");
        f.drain();
        String open = files().get(0).getFileName().toString();
        assertTrue(open.matches("_FlumeData\\.\\d+"), open);
        f.sink.stop();
        assertEquals(open.substring(1), files().get(0).getFileName().toString());
    }

    @Test
    void sequenceFilesReadBackWithHadoopsReaderInBothWriteFormats() throws Exception {
        for (String format : List.of("Writable", "Text")) {
            Map<String, String> raw = SinkFixture.textConfig(uri(format));
            raw.put("hdfs.fileType", "SequenceFile");
            raw.put("hdfs.writeFormat", format);
            SinkFixture f = sink(raw);
            f.put(List.of(event("first", "timestamp", "1700000000000"), event("second", "timestamp", "1700000000001")));
            f.drain();
            f.put("third");
            f.drain();
            f.sink.stop();
            Path file = only(tmp.resolve(format));
            List<String> read = new ArrayList<>();
            try (SequenceFile.Reader r = new SequenceFile.Reader(CONF,
                    SequenceFile.Reader.file(new org.apache.hadoop.fs.Path(file.toUri())))) {
                assertEquals(LongWritable.class, r.getKeyClass());
                assertEquals(format.equals("Text") ? Text.class : BytesWritable.class, r.getValueClass());
                LongWritable key = new LongWritable();
                if (format.equals("Text")) {
                    Text value = new Text();
                    while (r.next(key, value)) {
                        read.add(key.get() + ":" + value);
                    }
                } else {
                    BytesWritable value = new BytesWritable();
                    while (r.next(key, value)) {
                        read.add(key.get() + ":" + new String(value.copyBytes(), UTF_8));
                    }
                }
            }
            assertEquals(3, read.size());
            assertEquals(List.of("1700000000000:first", "1700000000001:second"), read.subList(0, 2));
            assertTrue(read.get(2).endsWith(":third"));
        }
    }

    @Test
    void compressedSequenceFileUsesBlockCompression() throws Exception {
        Map<String, String> raw = SinkFixture.textConfig(uri("seq"));
        raw.put("hdfs.fileType", "SequenceFile");
        raw.put("hdfs.codeC", "gzip");
        SinkFixture f = sink(raw);
        f.put("a", "b");
        f.drain();
        f.sink.stop();
        Path file = only(tmp.resolve("seq"));
        assertTrue(file.toString().endsWith(".gz"), file.toString());
        try (SequenceFile.Reader r = new SequenceFile.Reader(CONF,
                SequenceFile.Reader.file(new org.apache.hadoop.fs.Path(file.toUri())))) {
            assertTrue(r.isBlockCompressed());
            LongWritable key = new LongWritable();
            BytesWritable value = new BytesWritable();
            int n = 0;
            while (r.next(key, value)) {
                n++;
            }
            assertEquals(2, n);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "bzip2", "deflate", "snappy", "lz4"})
    void compressedStreamReadsBackThroughTheCodecsInputStreamAcrossBatches(String codec) throws Exception {
        Map<String, String> raw = SinkFixture.textConfig(uri(codec));
        raw.put("hdfs.fileType", "CompressedStream");
        raw.put("hdfs.codeC", codec);
        SinkFixture f = sink(raw);
        List<String> expected = new ArrayList<>();
        for (int batch = 0; batch < 3; batch++) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String body = "batch " + batch + " line " + i;
                events.add(Event.ofString(body));
                expected.add(body);
            }
            f.put(events);
            f.drain();
        }
        f.sink.stop();
        Path file = only(tmp.resolve(codec));
        CompressionCodec hadoopCodec = new CompressionCodecFactory(CONF).getCodec(new org.apache.hadoop.fs.Path(file.toUri()));
        assertTrue(hadoopCodec != null, "no codec for the extension of " + file);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = hadoopCodec.createInputStream(Files.newInputStream(file))) {
            in.transferTo(out);
        }
        assertEquals(expected, List.of(out.toString(UTF_8).split("\n")));
    }

    @Test
    void avroEventSerializerWritesAContainerFileOfFlumeEvents() throws Exception {
        Map<String, String> raw = SinkFixture.textConfig(uri("avro"));
        raw.put("serializer", "avro_event");
        raw.put("hdfs.fileSuffix", ".avro");
        SinkFixture f = sink(raw);
        f.put(List.of(event("one", "h", "1"), event("two")));
        f.drain();
        f.put("three");
        f.drain();
        f.sink.stop();
        List<String> read = new ArrayList<>();
        try (DataFileReader<GenericRecord> r = new DataFileReader<>(only(tmp.resolve("avro")).toFile(),
                new GenericDatumReader<>())) {
            for (GenericRecord rec : r) {
                read.add(rec.get("headers") + " " + UTF_8.decode((ByteBuffer) rec.get("body")));
            }
        }
        assertEquals(List.of("{h=1} one", "{} two", "{} three"), read);
    }

    @Test
    void headerValuesThatWouldLeaveTheBaseDirectoryGoToRejectedAndAreCounted() throws Exception {
        SinkFixture f = sink(SinkFixture.textConfig(uri("out/%{topic}")));
        f.put(List.of(event("good", "topic", "web"), event("evil", "topic", "../../escaped"),
                event("dots", "topic", "..")));
        f.drain();
        f.sink.stop();
        assertEquals(List.of("good"), lines(only(tmp.resolve("out/web"))));
        assertEquals(List.of("evil", "dots"), lines(only(tmp.resolve("out/_rejected"))));
        assertEquals(2, f.sink.rejectedEvents());
        assertFalse(Files.exists(tmp.resolve("escaped")));
        assertEquals(3, f.count("EventDrainSuccessCount"));
    }

    @Test
    void eventsWithoutAUsableTimestampArePlacedByTheAgentsClockInsteadOfWedging() throws Exception {
        SinkFixture f = sink(SinkFixture.textConfig(uri("out/%Y")));
        f.put(List.of(event("none"), event("bad", "timestamp", "yesterday")));
        f.drain();
        f.sink.stop();
        assertEquals(2, f.sink.eventsWithoutTimestamp());
        assertEquals(List.of("none", "bad"), allLines());
    }

    @Test
    void aFailedWriteRollsTheBatchBackAndItIsWrittenOnceThePathWorks() throws Exception {
        Path blocker = tmp.resolve("out");
        Files.writeString(blocker, "a file where the sink wants a directory");
        SinkFixture f = sink(SinkFixture.textConfig(uri("out/sub")));
        f.put("a", "b", "c");
        assertThrows(EventDeliveryException.class, f.sink::process);
        assertEquals(1, f.count("EventWriteFail"));
        assertEquals(0, f.count("EventDrainSuccessCount"));
        assertEquals(3, f.channel.size());

        Files.delete(blocker);
        f.drain();
        f.sink.stop();
        assertEquals(List.of("a", "b", "c"), lines(only(tmp.resolve("out/sub"))));
    }

    @Test
    void maxOpenFilesRollsTheLeastRecentlyUsedBucket() throws Exception {
        Map<String, String> raw = SinkFixture.textConfig(uri("out/%{k}"));
        raw.put("hdfs.maxOpenFiles", "2");
        SinkFixture f = sink(raw);
        f.put(List.of(event("1", "k", "a")));
        f.drain();
        f.put(List.of(event("2", "k", "b")));
        f.drain();
        f.put(List.of(event("3", "k", "c")));
        f.drain();
        assertFalse(only(tmp.resolve("out/a")).toString().endsWith(".tmp"));
        assertTrue(only(tmp.resolve("out/b")).toString().endsWith(".tmp"));
        assertTrue(only(tmp.resolve("out/c")).toString().endsWith(".tmp"));
    }

    @Test
    void inUseFilesLeftByACrashAreFinalizedAtStartAndTheirStaleChecksumsDropped() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("out/web"));
        Files.writeString(dir.resolve("FlumeData.1700000000000.tmp"), "left\n");
        Files.writeString(dir.resolve(".FlumeData.1700000000000.tmp.crc"), "stale");
        Files.writeString(dir.resolve("other.1700000000000.tmp"), "not ours\n");
        Files.writeString(dir.resolve("FlumeData.1700000000001"), "done\n");
        sink(SinkFixture.textConfig(uri("out/%{app}")));

        assertTrue(Files.exists(dir.resolve("FlumeData.1700000000000")));
        assertFalse(Files.exists(dir.resolve("FlumeData.1700000000000.tmp")));
        assertFalse(Files.exists(dir.resolve(".FlumeData.1700000000000.tmp.crc")));
        assertTrue(Files.exists(dir.resolve("other.1700000000000.tmp")));
        assertEquals("left\n", Files.readString(dir.resolve("FlumeData.1700000000000")));
        // Hadoop's checksummed reader would fail on the stale checksum; without it the file reads.
        FileSystem local = FileSystem.getLocal(CONF);
        try (InputStream in = local.open(new org.apache.hadoop.fs.Path(dir.resolve("FlumeData.1700000000000").toUri()))) {
            assertEquals("left\n", new String(in.readAllBytes(), UTF_8));
        }
    }

    /**
     * Hadoop's checksummed local file system keeps data below its hflush, so a batch committed after
     * it would die with the agent; file: paths are therefore written raw, whatever
     * hdfs.useRawLocalFileSystem says, and the bytes of a committed batch are in the OS file at once.
     */
    @Test
    void aCommittedBatchIsInTheOsFileBeforeTheFileIsClosedAndNoChecksumFilesAreWritten() throws Exception {
        for (String raw : List.of("false", "true")) {
            Map<String, String> keys = SinkFixture.textConfig(uri("out-" + raw));
            keys.put("hdfs.useRawLocalFileSystem", raw);
            SinkFixture f = sink(keys);
            f.put("committed");
            f.drain();
            assertEquals(0, f.channel.size());
            Path open = only(tmp.resolve("out-" + raw));
            assertTrue(open.toString().endsWith(".tmp"), open.toString());
            assertEquals("committed\n", Files.readString(open));
            f.sink.stop();
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".crc")));
        }
    }

    @Test
    void validationRefusesWhatFlumeOnlyDiscoversPerEventOrSilentlyDegrades() {
        List<Map<String, String>> bad = List.of(
                Map.of("hdfs.path", "/x", "hdfs.fileType", "DataStream", "hdfs.codeC", "gzip"),
                Map.of("hdfs.path", "/x", "hdfs.fileType", "CompressedStream"),
                Map.of("hdfs.path", "/x", "hdfs.fileType", "Parquet"),
                Map.of("hdfs.path", "/x", "hdfs.codeC", "lzop"),
                Map.of("hdfs.path", "/x", "hdfs.codeC", "zstandard"),
                Map.of("hdfs.path", "/x", "hdfs.writeFormat", "Avro"),
                Map.of("hdfs.path", "/x", "hdfs.round", "true", "hdfs.roundUnit", "day"),
                Map.of("hdfs.path", "/x", "hdfs.round", "true", "hdfs.roundUnit", "hour", "hdfs.roundValue", "25"),
                Map.of("hdfs.path", "/x", "hdfs.timeZone", "Mars/Olympus"),
                Map.of("hdfs.path", "/x/%[hostname]"),
                Map.of("hdfs.path", "/x", "hdfs.kerberosPrincipal", "flume/_HOST@EXAMPLE"),
                Map.of("hdfs.path", "/x", "hdfs.batchSize", "0"),
                Map.of("hdfs.path", "/x", "serializer", "com.example.CsvSerializer$Builder"));
        for (Map<String, String> raw : bad) {
            assertThrows(IllegalArgumentException.class, () -> Specs.settings(HdfsSink.SPEC, raw), raw::toString);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Specs.settings(HdfsSink.SPEC,
                Map.of("hdfs.path", "/x", "serializer", "com.example.CsvSerializer$Builder")));
        assertTrue(e.getMessage().contains("com.example.CsvSerializer$Builder"), e.getMessage());
    }

    @Test
    void flumesDefaultsAndSpellingsAreAccepted() {
        Map<String, String> raw = new HashMap<>();
        raw.put("hdfs.path", "hdfs://namenode:8020/flume/%{topic}/%Y-%m-%d/%[IPaddress]");
        raw.put("hdfs.fileType", "datastream");
        raw.put("hdfs.writeFormat", "Text");
        raw.put("hdfs.codeC", "None");
        raw.put("hdfs.roundUnit", "Minute");
        raw.put("hdfs.timeZone", "America/Los_Angeles");
        raw.put("serializer", "org.apache.flume.serialization.BodyTextEventSerializer$Builder");
        var s = Specs.settings(HdfsSink.SPEC, raw);
        HdfsSinkConfig c = HdfsSink.config("k1", s);
        assertEquals("FlumeData", c.filePrefix());
        assertEquals(".tmp", c.inUseSuffix());
        assertEquals(30, c.rollIntervalSeconds());
        assertEquals(1024, c.rollSize());
        assertEquals(10, c.rollCount());
        assertEquals(5000, c.maxOpenFiles());
        assertEquals(30000, c.callTimeoutMillis());
        assertEquals(180, c.retryIntervalSeconds());
        assertEquals("none", c.codec());
        for (String codec : List.of("GzipCodec", "org.apache.hadoop.io.compress.BZip2Codec", "SNAPPY", "default")) {
            Specs.settings(HdfsSink.SPEC, Map.of("hdfs.path", "/x", "hdfs.codeC", codec));
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T unchecked(IoSupplier<T> s) {
        try {
            return s.get();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
