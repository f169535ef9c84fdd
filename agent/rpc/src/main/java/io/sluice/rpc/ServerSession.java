package io.sluice.rpc;

import io.netty.buffer.ByteBuf;
import io.sluice.api.Event;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The server side of one connection (spec §3.2): the first call must carry a handshake, answered
 * from the shared {@link KnownProtocols}; after a handshake that matched, calls carry none. Reads
 * each call frame into a {@link Call} and writes the reply for it. A connection whose client was not
 * known ({@code NONE}) stays un-handshaken, and its client resends with its protocol text.
 *
 * <p>Not thread-safe: one per connection, used by the one thread that serves it at a time.
 */
public final class ServerSession {

    /** What a call frame asked for. */
    public enum Kind { HANDSHAKE_ONLY, APPEND, APPEND_BATCH }

    /** A decoded call: {@code events} holds one event for APPEND, the batch for APPEND_BATCH. */
    public record Call(Kind kind, List<Event> events) {
    }

    private final KnownProtocols known;
    private KnownProtocols.Remote remote;

    public ServerSession(KnownProtocols known) {
        this.known = known;
    }

    public boolean handshaken() {
        return remote != null;
    }

    /**
     * Reads one call. A handshake response, when the call carried a handshake, is written to
     * {@code reply} at once, so every reply to this call must be written after it.
     *
     * @throws BatchLimitException a batch of more than {@code maxEvents}; reply {@link #writeStatus FAILED}
     * @throws MalformedRpcException anything that is not a well-formed call; reply {@link #writeError} and close
     */
    public Call read(ByteBuf payload, ByteBuf reply, int maxEvents) throws MalformedRpcException, BatchLimitException {
        if (remote == null) {
            Handshake.Request request = Handshake.readRequest(payload);
            KnownProtocols.Remote r = known.resolve(request.clientHash(), request.clientProtocol());
            Handshake.Match match;
            if (r == null) {
                match = Handshake.Match.NONE;
            } else {
                match = FlumeProtocol.isOwnHash(request.serverHash()) ? Handshake.Match.BOTH : Handshake.Match.CLIENT;
            }
            boolean both = match == Handshake.Match.BOTH;
            Handshake.writeResponse(reply, match, both ? null : FlumeProtocol.TEXT, both ? null : FlumeProtocol.md5());
            if (r == null) {
                return new Call(Kind.HANDSHAKE_ONLY, List.of());
            }
            remote = r;
        }
        AvroInput.skipMapOfBytes(payload);
        int at = payload.readerIndex();
        int nameLength = AvroInput.readLength(payload, "message name");
        String name = payload.toString(payload.readerIndex(), nameLength, StandardCharsets.UTF_8);
        payload.skipBytes(nameLength);
        return switch (name) {
            case "" -> new Call(Kind.HANDSHAKE_ONLY, List.of());
            case FlumeProtocol.APPEND -> {
                requireLayout(remote.appendReadable(), name);
                yield new Call(Kind.APPEND, List.of(EventCodec.readEvent(payload)));
            }
            case FlumeProtocol.APPEND_BATCH -> {
                requireLayout(remote.appendBatchReadable(), name);
                yield new Call(Kind.APPEND_BATCH, EventCodec.readBatch(payload, maxEvents));
            }
            default -> throw new MalformedRpcException("no message named '" + abbreviate(name) + "' (at byte " + at
                    + ") in AvroSourceProtocol");
        };
    }

    /** Writes a normal reply: empty call metadata, no error, the {@code Status} symbol's index. */
    public static void writeStatus(ByteBuf reply, boolean ok) {
        reply.writeByte(0);
        AvroOutput.writeBoolean(reply, false);
        AvroOutput.writeLong(reply, ok ? 0 : 1);
    }

    /** Writes an error reply (Avro's system error: a string), which the client raises as an exception. */
    public static void writeError(ByteBuf reply, String message) {
        reply.writeByte(0);
        AvroOutput.writeBoolean(reply, true);
        AvroOutput.writeLong(reply, 0);
        AvroOutput.writeString(reply, message);
    }

    private static void requireLayout(boolean readable, String name) throws MalformedRpcException {
        if (!readable) {
            throw new MalformedRpcException("the client's protocol encodes '" + name
                    + "' differently from Flume's AvroSourceProtocol");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
