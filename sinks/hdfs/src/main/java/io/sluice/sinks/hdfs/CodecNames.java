package io.sluice.sinks.hdfs;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code hdfs.codeC} values Sluice accepts, known by name only, so validating a config loads no
 * Hadoop class. A value matches a codec by its class name, its simple class name, or that name
 * without {@code Codec}, in any case, as in Flume: {@code gzip}, {@code GzipCodec} and
 * {@code org.apache.hadoop.io.compress.GzipCodec} are the same. Only codecs that work without
 * Hadoop's native library are offered. Stateless.
 */
public final class CodecNames {
    private static final String PACKAGE = "org.apache.hadoop.io.compress.";

    /** Short name to Hadoop class: the codecs that need no libhadoop (snappy through snappy-java, lz4 through lz4-java). */
    private static final Map<String, String> AVAILABLE = new LinkedHashMap<>();

    /** Codecs Hadoop has that Sluice cannot offer, and why. */
    private static final Map<String, String> UNAVAILABLE = Map.of(
            "zstandard", "needs Hadoop's native library (libhadoop with zstd), which Sluice does not ship",
            "zstd", "needs Hadoop's native library (libhadoop with zstd), which Sluice does not ship",
            "lzo", "needs the GPL hadoop-lzo library and its native part, which Sluice does not ship",
            "lzop", "needs the GPL hadoop-lzo library and its native part, which Sluice does not ship");

    static {
        AVAILABLE.put("gzip", PACKAGE + "GzipCodec");
        AVAILABLE.put("bzip2", PACKAGE + "BZip2Codec");
        AVAILABLE.put("deflate", PACKAGE + "DeflateCodec");
        AVAILABLE.put("default", PACKAGE + "DefaultCodec");
        AVAILABLE.put("snappy", PACKAGE + "SnappyCodec");
        AVAILABLE.put("lz4", PACKAGE + "Lz4Codec");
    }

    static final String VALID = "None, or one of " + String.join(", ", AVAILABLE.keySet())
            + " (also as Hadoop's codec class name, any case)";

    private CodecNames() {
    }

    /** The short name a value selects, "none" for no codec, or null if Sluice has no such codec. */
    static String shortName(String value) {
        String v = value.trim().toLowerCase(Locale.ENGLISH);
        if (v.isEmpty() || v.equals("none")) {
            return "none";
        }
        if (v.startsWith(PACKAGE.toLowerCase(Locale.ENGLISH))) {
            v = v.substring(PACKAGE.length());
        }
        if (v.endsWith("codec")) {
            v = v.substring(0, v.length() - "codec".length());
        }
        return AVAILABLE.containsKey(v) ? v : null;
    }

    /** The Hadoop class of a short name from {@link #shortName}. */
    public static String className(String shortName) {
        return AVAILABLE.get(shortName);
    }

    /** Why a value is refused: names the codec and, for Hadoop codecs Sluice lacks, the reason. */
    static String problem(String value) {
        String v = value.trim().toLowerCase(Locale.ENGLISH);
        if (v.startsWith(PACKAGE.toLowerCase(Locale.ENGLISH))) {
            v = v.substring(PACKAGE.length());
        }
        if (v.endsWith("codec")) {
            v = v.substring(0, v.length() - "codec".length());
        }
        String reason = UNAVAILABLE.get(v);
        return "codec '" + value + "' " + (reason != null ? reason : "is not a Hadoop codec Sluice knows")
                + "; use " + VALID;
    }
}
