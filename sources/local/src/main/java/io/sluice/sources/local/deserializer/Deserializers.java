package io.sluice.sources.local.deserializer;

import io.sluice.sources.local.files.FileWindow;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Which deserializer a spooling source uses, with its settings, resolved once at validation (Flume
 * resolves it when the first file is opened, so a typo stops the source late); {@link #open} makes
 * a fresh deserializer per file. Immutable and thread-safe.
 */
public final class Deserializers {

    /** The deserializers Sluice has, by alias; Flume's builder class names select them too. */
    public enum Type { LINE, AVRO, BLOB }

    private static final Map<String, Type> FLUME_BUILDERS = Map.of(
            "org.apache.flume.serialization.LineDeserializer$Builder", Type.LINE,
            "org.apache.flume.serialization.AvroEventDeserializer$Builder", Type.AVRO,
            "org.apache.flume.sink.solr.morphline.BlobDeserializer$Builder", Type.BLOB);

    /** What the {@code deserializer} key accepts, as validation messages and the reference say it. */
    public static final String VALID = "LINE, AVRO or BLOB (any case), or Flume's builder class of one of them: "
            + String.join(", ", FLUME_BUILDERS.keySet().stream().sorted().toList())
            + " (other deserializer classes are not supported by Sluice yet)";

    private final Type type;
    private final int maxLineLength;
    private final Charset inputCharset;
    private final Charset outputCharset;
    private final DecodeErrorPolicy policy;
    private final int maxBlobLength;
    private final AvroEventDeserializer.SchemaType schemaType;

    public Deserializers(Type type, int maxLineLength, Charset inputCharset, Charset outputCharset,
                         DecodeErrorPolicy policy, int maxBlobLength, String schemaType) {
        this.type = type;
        this.maxLineLength = maxLineLength;
        this.inputCharset = inputCharset;
        this.outputCharset = outputCharset;
        this.policy = policy;
        this.maxBlobLength = maxBlobLength;
        this.schemaType = AvroEventDeserializer.SchemaType.valueOf(schemaType.toUpperCase(Locale.ENGLISH));
    }

    /** The type a {@code deserializer} value names, or null if Sluice has no such deserializer. */
    public static Type typeOf(String value) {
        Type byClass = FLUME_BUILDERS.get(value.trim());
        if (byClass != null) {
            return byClass;
        }
        try {
            return Type.valueOf(value.trim().toUpperCase(Locale.ENGLISH));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public Type type() {
        return type;
    }

    /** A new deserializer positioned at the start of {@code file}. */
    public EventDeserializer open(Path file) throws IOException {
        return switch (type) {
            case LINE -> new LineDeserializer(new FileWindow(file, LineDeserializer.windowBytes(maxLineLength, inputCharset)),
                    maxLineLength, inputCharset, outputCharset, policy);
            case BLOB -> new BlobDeserializer(file, maxBlobLength);
            case AVRO -> new AvroEventDeserializer(file, schemaType);
        };
    }
}
