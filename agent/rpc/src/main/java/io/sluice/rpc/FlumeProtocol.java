package io.sluice.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Protocol;
import org.apache.avro.Schema;

/**
 * Flume's {@code AvroSourceProtocol} (spec §3.1), the wire contract of every Avro hop: loaded from
 * {@code AvroSourceProtocol.avpr}, the JSON Flume 1.11's {@code flume.avdl} compiles to, including
 * the licence header that its compiler turned into the protocol's {@code doc}. That text enters the
 * protocol's MD5, which the handshake compares, so it is kept byte for byte: with it both ends agree
 * on the hash and reach {@code BOTH} in one round trip.
 *
 * <p>Immutable and thread-safe.
 */
public final class FlumeProtocol {
    public static final String APPEND = "append";
    public static final String APPEND_BATCH = "appendBatch";

    /** The protocol as Avro parsed it. */
    public static final Protocol PROTOCOL = load();
    /** Its JSON as Avro renders it; sent as {@code clientProtocol} and {@code serverProtocol}. */
    public static final String TEXT = PROTOCOL.toString();
    /** MD5 of {@link #TEXT}: the hash both handshake sides send. */
    private static final byte[] MD5 = PROTOCOL.getMD5();

    /** The {@code Status} symbols in wire order: OK = 0, FAILED = 1, UNKNOWN = 2. */
    public static final List<String> STATUS_SYMBOLS = List.of("OK", "FAILED", "UNKNOWN");

    private FlumeProtocol() {
    }

    /** A copy of the protocol's 16-byte MD5. */
    public static byte[] md5() {
        return MD5.clone();
    }

    static boolean isOwnHash(byte[] hash) {
        return Arrays.equals(MD5, hash);
    }

    /**
     * True when {@code remote} encodes the requests of every message both protocols define exactly
     * as Flume's does, whatever its names and docs, so requests written with it can be read by
     * {@link EventCodec}. A peer whose protocol JSON differs only cosmetically (another doc, another
     * namespace) passes; one whose event has another shape does not.
     */
    public static boolean sameRequestLayout(Protocol remote, String message) {
        Protocol.Message mine = PROTOCOL.getMessages().get(message);
        Protocol.Message theirs = remote.getMessages().get(message);
        return mine != null && theirs != null && sameLayout(mine.getRequest(), theirs.getRequest());
    }

    /** The index of {@code OK} in {@code remote}'s reply enum of {@code message}, or -1 when it has none. */
    public static int okIndex(Protocol remote, String message) {
        Protocol.Message m = remote.getMessages().get(message);
        if (m == null || m.getResponse().getType() != Schema.Type.ENUM) {
            return -1;
        }
        return m.getResponse().getEnumSymbols().indexOf("OK");
    }

    private static boolean sameLayout(Schema a, Schema b) {
        if (a.getType() != b.getType()) {
            return false;
        }
        return switch (a.getType()) {
            case RECORD -> {
                List<Schema.Field> fa = a.getFields();
                List<Schema.Field> fb = b.getFields();
                if (fa.size() != fb.size()) {
                    yield false;
                }
                for (int i = 0; i < fa.size(); i++) {
                    if (!sameLayout(fa.get(i).schema(), fb.get(i).schema())) {
                        yield false;
                    }
                }
                yield true;
            }
            case ARRAY -> sameLayout(a.getElementType(), b.getElementType());
            case MAP -> sameLayout(a.getValueType(), b.getValueType());
            case UNION, ENUM, FIXED -> a.equals(b);
            default -> true;
        };
    }

    private static Protocol load() {
        try (InputStream in = FlumeProtocol.class.getResourceAsStream("AvroSourceProtocol.avpr")) {
            if (in == null) {
                throw new IllegalStateException("AvroSourceProtocol.avpr is missing from the class path");
            }
            return Protocol.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
