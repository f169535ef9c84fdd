package io.sluice.sources.local.deserializer;

import io.sluice.api.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The {@code AVRO} deserializer (spec §10.2): reads an Avro object container file and makes one
 * event per record, whose body is the record in Avro binary encoding (no container framing, no
 * schema) and whose one header names the writer's schema: {@code flume.avro.schema.hash} (the
 * lower-case hex of its CRC-64-AVRO parsing fingerprint) or, with {@code schemaType = LITERAL},
 * {@code flume.avro.schema.literal} (the schema's JSON).
 *
 * <p>A container can only be entered at a block boundary, so the mark is the start of the current
 * block plus the records of it already delivered; a resumed or retried read skips exactly those
 * (Flume re-delivers the whole block). Not thread-safe.
 */
final class AvroEventDeserializer implements EventDeserializer {
    static final String HASH_HEADER = "flume.avro.schema.hash";
    static final String LITERAL_HEADER = "flume.avro.schema.literal";

    /** Flume's {@code deserializer.schemaType}. */
    enum SchemaType { HASH, LITERAL }

    private final Path path;
    private final DataFileReader<GenericRecord> reader;
    private final Map<String, String> headers;
    private final GenericDatumWriter<GenericRecord> writer;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private BinaryEncoder encoder;
    private GenericRecord reuse;
    /** Where the first block starts (the end of the header); a mark at offset 0 means here. */
    private final long firstBlock;
    private long block;
    private long inBlock;

    AvroEventDeserializer(Path path, SchemaType schemaType) throws IOException {
        this.path = path;
        RandomAccessInput input = new RandomAccessInput(path);
        try {
            this.reader = new DataFileReader<>(input, new GenericDatumReader<>());
        } catch (IOException | AvroRuntimeException e) {
            input.close();
            throw new DecodeException(path + " is not an Avro object container file: " + e.getMessage(), 0, e);
        }
        Schema schema = reader.getSchema();
        this.headers = schemaType == SchemaType.LITERAL ? Map.of(LITERAL_HEADER, schema.toString())
                : Map.of(HASH_HEADER, fingerprint(schema));
        this.writer = new GenericDatumWriter<>(schema);
        this.firstBlock = reader.previousSync();
        this.block = firstBlock;
    }

    static String fingerprint(Schema schema) {
        try {
            return HexFormat.of().formatHex(SchemaNormalization.parsingFingerprint("CRC-64-AVRO", schema));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Avro lost its CRC-64-AVRO fingerprint", e);
        }
    }

    @Override
    public List<Event> read(int max) throws IOException {
        List<Event> out = new ArrayList<>(Math.min(max, 1024));
        try {
            while (out.size() < max && reader.hasNext()) {
                reuse = reader.next(reuse);
                buffer.reset();
                encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
                writer.write(reuse, encoder);
                encoder.flush();
                out.add(Event.of(headers, buffer.toByteArray()));
                advance();
            }
        } catch (IOException | AvroRuntimeException e) {
            if (!out.isEmpty()) {
                return out;
            }
            throw new DecodeException("Avro data in " + path + " is corrupt near block " + block + ": " + e.getMessage(),
                    block, e);
        }
        return out;
    }

    /** The reader moves its sync point to the next block as soon as a block's last record is read. */
    private void advance() throws IOException {
        long sync = reader.previousSync();
        if (sync != block) {
            block = sync;
            inBlock = 0;
        } else {
            inBlock++;
        }
    }

    @Override
    public ReadMark mark() {
        return new ReadMark(block, inBlock);
    }

    @Override
    public void seek(ReadMark mark) throws IOException {
        try {
            long at = mark.offset() == 0 ? firstBlock : mark.offset();
            reader.seek(at);
            block = at;
            inBlock = 0;
            for (long i = 0; i < mark.skip(); i++) {
                reuse = reader.next(reuse);
                advance();
            }
        } catch (AvroRuntimeException e) {
            throw new DecodeException("cannot resume " + path + " at block " + mark.offset() + ": " + e.getMessage(),
                    mark.offset(), e);
        }
    }

    @Override
    public boolean atEnd() throws IOException {
        try {
            return !reader.hasNext();
        } catch (AvroRuntimeException e) {
            throw new DecodeException("Avro data in " + path + " is corrupt near block " + block + ": " + e.getMessage(),
                    block, e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
