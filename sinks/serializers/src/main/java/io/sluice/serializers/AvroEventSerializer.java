package io.sluice.serializers;

import io.sluice.api.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Flume's {@code avro_event} ({@code FlumeEventAvroEventSerializer}): an Avro object container
 * file with one record per event, in exactly Flume's schema (record {@code Event}, no namespace,
 * fields {@code headers: map<string>} and {@code body: bytes}), so existing readers keep working.
 * A block ends (with a sync marker) after about {@code syncIntervalBytes} and at every
 * {@link #flush()}, i.e. at the end of every batch.
 */
final class AvroEventSerializer implements EventSerializer {
    static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type":"record","name":"Event","fields":[
              {"name":"headers","type":{"type":"map","values":"string"}},
              {"name":"body","type":"bytes"}]}""");

    private final OutputStream out;
    private final DataFileWriter<GenericRecord> writer;
    private final GenericData.Record record = new GenericData.Record(SCHEMA);

    AvroEventSerializer(OutputStream out, int syncIntervalBytes, CodecFactory codec) {
        this.out = out;
        this.writer = new DataFileWriter<GenericRecord>(new GenericDatumWriter<>(SCHEMA))
                .setSyncInterval(syncIntervalBytes)
                .setCodec(codec);
    }

    @Override
    public void afterCreate() throws IOException {
        writer.create(SCHEMA, out);
    }

    @Override
    public void write(Event event) throws IOException {
        Map<String, String> headers = event.headers();
        record.put(0, headers);
        record.put(1, ByteBuffer.wrap(event.body()));
        writer.append(record);
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
    }
}
