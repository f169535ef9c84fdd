package io.sluice.rpc;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.Protocol;

/**
 * The client protocols a server has learnt from handshakes, by MD5, as Avro's responder keeps them:
 * Flume's own is known from the start; another is parsed from the text a client sends and kept.
 * Unlike Avro's cache this one is bounded ({@link #MAX_ENTRIES}), so clients inventing protocols
 * cannot grow it without end. Thread-safe: shared by every connection of a source.
 */
public final class KnownProtocols {
    static final int MAX_ENTRIES = 64;

    /** What this side can read of a client's protocol: which requests have Flume's layout. */
    public record Remote(boolean appendReadable, boolean appendBatchReadable) {
    }

    private static final Remote FLUME = new Remote(true, true);

    private final Map<String, Remote> byHash = new HashMap<>();

    /**
     * The client's protocol for {@code clientHash}, parsing {@code clientText} when the hash is new;
     * null when it is unknown and no text came (the handshake then answers NONE).
     */
    public Remote resolve(byte[] clientHash, String clientText) throws MalformedRpcException {
        if (FlumeProtocol.isOwnHash(clientHash)) {
            return FLUME;
        }
        String key = HexFormat.of().formatHex(clientHash);
        synchronized (byHash) {
            Remote known = byHash.get(key);
            if (known != null || clientText == null) {
                return known;
            }
        }
        Protocol p;
        try {
            p = Protocol.parse(clientText);
        } catch (RuntimeException e) {
            throw new MalformedRpcException("the client's protocol text does not parse: " + e.getMessage());
        }
        Remote r = new Remote(FlumeProtocol.sameRequestLayout(p, FlumeProtocol.APPEND),
                FlumeProtocol.sameRequestLayout(p, FlumeProtocol.APPEND_BATCH));
        synchronized (byHash) {
            if (byHash.size() < MAX_ENTRIES) {
                byHash.put(key, r);
            }
        }
        return r;
    }
}
