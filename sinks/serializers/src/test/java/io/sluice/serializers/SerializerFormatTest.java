package io.sluice.serializers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class SerializerFormatTest {

    @Test
    void aliasesInAnyCaseAndFlumeBuilderClassesNameTheThreeSerializers() {
        assertEquals(SerializerFormat.Type.TEXT, SerializerFormat.typeOf("Text"));
        assertEquals(SerializerFormat.Type.HEADER_AND_TEXT, SerializerFormat.typeOf("header_and_text"));
        assertEquals(SerializerFormat.Type.AVRO_EVENT, SerializerFormat.typeOf(" AVRO_EVENT "));
        assertEquals(SerializerFormat.Type.AVRO_EVENT,
                SerializerFormat.typeOf("org.apache.flume.serialization.FlumeEventAvroEventSerializer$Builder"));
        assertNull(SerializerFormat.typeOf("com.example.CsvSerializer$Builder"));
        assertFalse(SerializerFormat.NAME_CHECK.accepts("org.apache.flume.sink.hdfs.AvroEventSerializer$Builder"));
    }

    @Test
    void anUnknownNameFailsWithAMessageNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SerializerFormat.of("com.example.CsvSerializer$Builder", true, 100, "null"));
        assertTrue(e.getMessage().contains("com.example.CsvSerializer$Builder"), e.getMessage());
    }

    @Test
    void avroCodecCheckAcceptsCodecsWhoseLibraryIsPresentAndRefusesUnknownNames() {
        assertTrue(SerializerFormat.AVRO_CODEC_CHECK.accepts("null"));
        assertTrue(SerializerFormat.AVRO_CODEC_CHECK.accepts("deflate"));
        assertFalse(SerializerFormat.AVRO_CODEC_CHECK.accepts("lzo"));
        assertFalse(SerializerFormat.AVRO_CODEC_CHECK.accepts("Deflate"));
    }

    @Test
    void textAndHeaderAndTextWriteFlumesBytes() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("a", "1");
        headers.put("b", "2");
        Event e = Event.of(headers, "body".getBytes(UTF_8));
        assertEquals("body\n", write(new SerializerFormat(SerializerFormat.Type.TEXT, true, 0, "null"), e));
        assertEquals("body", write(new SerializerFormat(SerializerFormat.Type.TEXT, false, 0, "null"), e));
        assertEquals("{a=1, b=2} body\n",
                write(new SerializerFormat(SerializerFormat.Type.HEADER_AND_TEXT, true, 0, "null"), e));
    }

    @Test
    void avroEventWritesFlumesSchemaAndEveryEventAcrossFlushes() throws Exception {
        SerializerFormat format = new SerializerFormat(SerializerFormat.Type.AVRO_EVENT, true, 64, "null");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventSerializer s = format.open(out);
        s.afterCreate();
        for (int i = 0; i < 50; i++) {
            s.write(Event.of(Map.of("n", Integer.toString(i)), ("event-" + i).getBytes(UTF_8)));
            if (i % 7 == 0) {
                s.flush();
            }
        }
        s.beforeClose();

        List<String> read = new ArrayList<>();
        try (DataFileStream<GenericRecord> in = new DataFileStream<>(
                new java.io.ByteArrayInputStream(out.toByteArray()), new GenericDatumReader<>())) {
            assertEquals(AvroEventSerializer.SCHEMA, in.getSchema());
            assertEquals("Event", in.getSchema().getFullName());
            for (GenericRecord r : in) {
                read.add(((Map<?, ?>) r.get("headers")).values().iterator().next() + ":"
                        + UTF_8.decode((ByteBuffer) r.get("body")));
            }
        }
        assertEquals(50, read.size());
        assertEquals("0:event-0", read.get(0));
        assertEquals("49:event-49", read.get(49));
    }

    private static String write(SerializerFormat format, Event e) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventSerializer s = format.open(out);
        s.afterCreate();
        s.write(e);
        s.beforeClose();
        return out.toString(UTF_8);
    }
}
