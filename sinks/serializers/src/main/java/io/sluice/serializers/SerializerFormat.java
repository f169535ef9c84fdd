package io.sluice.serializers;

import io.sluice.api.config.Check;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.CodecFactory;

/**
 * Which serializer a sink's {@code serializer} key names, with its options, resolved once when the
 * sink's settings are validated (Flume resolves it when the first file opens, so a typo shows up
 * late); {@link #open} makes a fresh serializer per file. Immutable and thread-safe.
 *
 * <p>Names are Flume's aliases in any case ({@code text}, {@code header_and_text},
 * {@code avro_event}) or Flume's builder classes of those three. Any other class name is refused at
 * validation with a message that names it: Sluice does not load third-party serializer classes.
 */
public final class SerializerFormat {

    public enum Type { TEXT, HEADER_AND_TEXT, AVRO_EVENT }

    private static final Map<String, Type> FLUME_BUILDERS = Map.of(
            "org.apache.flume.serialization.BodyTextEventSerializer$Builder", Type.TEXT,
            "org.apache.flume.serialization.HeaderAndBodyTextEventSerializer$Builder", Type.HEADER_AND_TEXT,
            "org.apache.flume.serialization.FlumeEventAvroEventSerializer$Builder", Type.AVRO_EVENT);

    /** What a {@code serializer} key accepts, as validation messages and the reference say it. */
    public static final String VALID = "TEXT, HEADER_AND_TEXT or AVRO_EVENT (any case), or Flume's builder class of "
            + "one of them (" + String.join(", ", FLUME_BUILDERS.keySet().stream().sorted().toList())
            + "); other serializer classes are not supported by Sluice";

    /** The check for a sink's {@code serializer} key. */
    public static final Check<String> NAME_CHECK = Check.of(VALID, s -> typeOf(s) != null);

    /** Avro codec names {@code avro_event} accepts (Flume passes the name to Avro's CodecFactory). */
    public static final List<String> AVRO_CODECS = List.of("null", "deflate", "snappy", "bzip2", "xz", "zstandard");

    /** The check for {@code serializer.compressionCodec}: a codec Avro knows whose library is on the class path. */
    public static final Check<String> AVRO_CODEC_CHECK = Check.of("one of " + String.join(", ", AVRO_CODECS)
            + " whose compression library is on the class path (Flume writes uncompressed files on an unknown name)",
            SerializerFormat::avroCodecWorks);

    public static final int DEFAULT_SYNC_INTERVAL_BYTES = 2_048_000;

    private final Type type;
    private final boolean appendNewline;
    private final int syncIntervalBytes;
    private final String avroCodec;

    public SerializerFormat(Type type, boolean appendNewline, int syncIntervalBytes, String avroCodec) {
        this.type = type;
        this.appendNewline = appendNewline;
        this.syncIntervalBytes = syncIntervalBytes;
        this.avroCodec = avroCodec;
    }

    /** The format a validated {@code serializer} value names; throws IllegalArgumentException naming the value otherwise. */
    public static SerializerFormat of(String name, boolean appendNewline, int syncIntervalBytes, String avroCodec) {
        Type type = typeOf(name);
        if (type == null) {
            throw new IllegalArgumentException("serializer '" + name + "' is not one of " + VALID);
        }
        return new SerializerFormat(type, appendNewline, syncIntervalBytes, avroCodec);
    }

    /** The type a {@code serializer} value names, or null if Sluice has no such serializer. */
    public static Type typeOf(String configured) {
        String name = configured.trim();
        Type byClass = FLUME_BUILDERS.get(name);
        if (byClass != null) {
            return byClass;
        }
        try {
            return Type.valueOf(name.toUpperCase(Locale.ENGLISH));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public Type type() {
        return type;
    }

    /** A serializer for one new file written through {@code out}. */
    public EventSerializer open(OutputStream out) {
        return switch (type) {
            case TEXT -> new BodyTextSerializer(out, appendNewline);
            case HEADER_AND_TEXT -> new HeaderAndTextSerializer(out, appendNewline);
            case AVRO_EVENT -> new AvroEventSerializer(out, syncIntervalBytes, CodecFactory.fromString(avroCodec));
        };
    }

    @Override
    public String toString() {
        return type == Type.AVRO_EVENT ? "avro_event (codec " + avroCodec + ")" : type.name().toLowerCase(Locale.ENGLISH);
    }

    /** Whether Avro knows the codec and can compress with it here (snappy, xz, zstd and bzip2 need optional jars). */
    private static boolean avroCodecWorks(String name) {
        if (!AVRO_CODECS.contains(name)) {
            return false;
        }
        EventSerializer probe = new AvroEventSerializer(OutputStream.nullOutputStream(), 64, CodecFactory.fromString(name));
        try {
            probe.afterCreate();
            probe.write(io.sluice.api.Event.of(new byte[] {1, 2, 3}));
            probe.beforeClose();
            return true;
        } catch (AvroRuntimeException | LinkageError | java.io.IOException e) {
            return false;
        }
    }
}
