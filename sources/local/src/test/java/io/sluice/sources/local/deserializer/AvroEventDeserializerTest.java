package io.sluice.sources.local.deserializer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroEventDeserializerTest {
    private static final Schema SCHEMA = SchemaBuilder.record("Line").namespace("test").fields()
            .requiredLong("n").requiredString("text").endRecord();

    @TempDir
    Path dir;

    private static Deserializers avro(String schemaType) {
        return new Deserializers(Deserializers.Type.AVRO, 100, StandardCharsets.UTF_8, StandardCharsets.UTF_8,
                DecodeErrorPolicy.FAIL, 100, schemaType);
    }

    /** A container of {@code n} records in small blocks (sync every ~64 bytes), so marks fall inside blocks. */
    private Path container(int n) throws IOException {
        Path f = dir.resolve("records.avro");
        try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<>(SCHEMA))) {
            w.setSyncInterval(64);
            w.create(SCHEMA, f.toFile());
            for (int i = 0; i < n; i++) {
                GenericRecord r = new GenericData.Record(SCHEMA);
                r.put("n", (long) i);
                r.put("text", "record number " + i);
                w.append(r);
            }
        }
        return f;
    }

    private static long n(Event e) throws IOException {
        GenericRecord r = new GenericDatumReader<GenericRecord>(SCHEMA)
                .read(null, DecoderFactory.get().binaryDecoder(e.body(), null));
        assertEquals("record number " + r.get("n"), r.get("text").toString());
        return (Long) r.get("n");
    }

    @Test
    void eachRecordIsAnEventOfItsBinaryEncodingWithTheSchemaFingerprintHeader() throws Exception {
        List<Event> events;
        try (EventDeserializer in = avro("hash").open(container(50))) {
            events = in.read(1000);
            assertTrue(in.atEnd());
        }
        assertEquals(50, events.size());
        long fp = SchemaNormalization.parsingFingerprint64(SCHEMA);
        StringBuilder littleEndianHex = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            littleEndianHex.append(String.format("%02x", (fp >>> (8 * i)) & 0xFF));
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(i, n(events.get(i)));
            assertEquals(littleEndianHex.toString(), events.get(i).header("flume.avro.schema.hash"));
        }
    }

    @Test
    void literalSchemaTypePutsTheSchemaJsonInAHeader() throws Exception {
        try (EventDeserializer in = avro("LITERAL").open(container(2))) {
            Event e = in.read(1).get(0);
            assertEquals(SCHEMA, new Schema.Parser().parse(e.header("flume.avro.schema.literal")));
        }
    }

    @Test
    void resumingAtAMarkInsideABlockSkipsExactlyTheDeliveredRecords() throws Exception {
        Path f = container(60);
        for (int batch = 1; batch <= 7; batch++) {
            List<Long> got = new ArrayList<>();
            ReadMark mark = ReadMark.START;
            while (true) {
                try (EventDeserializer in = avro("hash").open(f)) {
                    in.seek(mark);
                    List<Event> events = in.read(batch);
                    if (events.isEmpty()) {
                        break;
                    }
                    for (Event e : events) {
                        got.add(n(e));
                    }
                    mark = in.mark();
                }
            }
            List<Long> expected = new ArrayList<>();
            for (long i = 0; i < 60; i++) {
                expected.add(i);
            }
            assertEquals(expected, got, "batch " + batch);
        }
    }

    @Test
    void aFileThatIsNotAnAvroContainerCannotBeOpened() throws Exception {
        Path f = Files.writeString(dir.resolve("text.avro"), "just some text\n");
        DecodeException e = assertThrows(DecodeException.class, () -> avro("hash").open(f));
        assertTrue(e.getMessage().contains("not an Avro object container file"), e.getMessage());
    }

    @Test
    void aCorruptBlockEndsReadingWithADecodeExceptionAfterTheGoodRecords() throws Exception {
        Path f = container(60);
        byte[] bytes = Files.readAllBytes(f);
        for (int i = bytes.length - 40; i < bytes.length; i++) {
            bytes[i] = (byte) 0xFF;
        }
        Files.write(f, bytes);
        int good = 0;
        try (EventDeserializer in = avro("hash").open(f)) {
            while (true) {
                List<Event> events;
                try {
                    events = in.read(5);
                } catch (DecodeException e) {
                    break;
                }
                assertTrue(!events.isEmpty(), "a corrupt tail must not read as a clean end");
                good += events.size();
            }
        }
        assertTrue(good > 0 && good < 60, good + " records");
    }
}
