package io.sluice.sources.local.deserializer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobDeserializerTest {
    @TempDir
    Path dir;

    private static Deserializers blob(int max) {
        return new Deserializers(Deserializers.Type.BLOB, 100, StandardCharsets.UTF_8, StandardCharsets.UTF_8,
                DecodeErrorPolicy.FAIL, max, "hash");
    }

    @Test
    void aFileUpToMaxBlobLengthIsOneEventOfItsRawBytes() throws Exception {
        byte[] bytes = new byte[1000];
        new SplittableRandom(3).nextBytes(bytes);
        Path f = Files.write(dir.resolve("b.bin"), bytes);
        try (EventDeserializer in = blob(1000).open(f)) {
            List<Event> events = in.read(100);
            assertEquals(1, events.size());
            assertArrayEquals(bytes, events.get(0).body());
            assertTrue(in.read(100).isEmpty());
            assertTrue(in.atEnd());
        }
    }

    @Test
    void aLongerFileIsSplitAndOneReadHoldsAtMostMaxBlobLengthBytes() throws Exception {
        byte[] bytes = new byte[2500];
        new SplittableRandom(4).nextBytes(bytes);
        Path f = Files.write(dir.resolve("b.bin"), bytes);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        try (EventDeserializer in = blob(1000).open(f)) {
            List<Event> events;
            int reads = 0;
            while (!(events = in.read(100)).isEmpty()) {
                assertEquals(1, events.size());
                joined.write(events.get(0).body());
                reads++;
            }
            assertEquals(3, reads);
        }
        assertArrayEquals(bytes, joined.toByteArray());
    }

    @Test
    void anEmptyFileHasNoEventAndAResumedReadContinuesAtTheMark() throws Exception {
        try (EventDeserializer in = blob(10).open(Files.write(dir.resolve("e"), new byte[0]))) {
            assertTrue(in.read(5).isEmpty());
        }
        Path f = Files.writeString(dir.resolve("t"), "0123456789abcdefghij");
        ReadMark mark;
        try (EventDeserializer in = blob(10).open(f)) {
            in.read(1);
            mark = in.mark();
        }
        try (EventDeserializer in = blob(10).open(f)) {
            in.seek(mark);
            assertEquals("abcdefghij", new String(in.read(5).get(0).body(), StandardCharsets.UTF_8));
        }
    }
}
