package io.sluice.rpc;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Avro IPC's handshake records in binary (namespace {@code org.apache.avro.ipc}, spec §3.2), read and
 * written by hand so that a hostile peer's lengths are checked like every other (Avro's own reader
 * would allocate a 2 GB string for a 20-byte frame):
 *
 * <pre>
 * HandshakeRequest  := clientHash:fixed16  clientProtocol:union{null,string}  serverHash:fixed16  meta:union{null,map&lt;bytes&gt;}
 * HandshakeResponse := match:enum{BOTH,CLIENT,NONE}  serverProtocol:union{null,string}  serverHash:union{null,fixed16}  meta:union{null,map&lt;bytes&gt;}
 * </pre>
 *
 * Stateless.
 */
public final class Handshake {
    /** {@code HandshakeMatch} in wire order. */
    public enum Match { BOTH, CLIENT, NONE }

    public record Request(byte[] clientHash, String clientProtocol, byte[] serverHash) {
    }

    public record Response(Match match, String serverProtocol, byte[] serverHash) {
    }

    private static final int HASH_BYTES = 16;

    private Handshake() {
    }

    public static void writeRequest(ByteBuf out, byte[] clientHash, String clientProtocol, byte[] serverHash) {
        out.writeBytes(clientHash);
        writeOptionalString(out, clientProtocol);
        out.writeBytes(serverHash);
        out.writeByte(0); // meta: null
    }

    public static Request readRequest(ByteBuf in) throws MalformedRpcException {
        byte[] clientHash = AvroInput.readFixed(in, HASH_BYTES);
        String clientProtocol = readOptionalString(in, "clientProtocol");
        byte[] serverHash = AvroInput.readFixed(in, HASH_BYTES);
        skipOptionalMeta(in);
        return new Request(clientHash, clientProtocol, serverHash);
    }

    public static void writeResponse(ByteBuf out, Match match, String serverProtocol, byte[] serverHash) {
        AvroOutput.writeLong(out, match.ordinal());
        writeOptionalString(out, serverProtocol);
        if (serverHash == null) {
            out.writeByte(0);
        } else {
            AvroOutput.writeLong(out, 1);
            out.writeBytes(serverHash);
        }
        out.writeByte(0); // meta: null
    }

    public static Response readResponse(ByteBuf in) throws MalformedRpcException {
        int m = AvroInput.readInt(in);
        if (m < 0 || m >= Match.values().length) {
            throw new MalformedRpcException("handshake response has match index " + m + ", not 0..2");
        }
        String serverProtocol = readOptionalString(in, "serverProtocol");
        byte[] serverHash = null;
        int branch = AvroInput.readInt(in);
        if (branch == 1) {
            serverHash = AvroInput.readFixed(in, HASH_BYTES);
        } else if (branch != 0) {
            throw new MalformedRpcException("handshake response has serverHash union index " + branch);
        }
        skipOptionalMeta(in);
        return new Response(Match.values()[m], serverProtocol, serverHash);
    }

    private static void writeOptionalString(ByteBuf out, String s) {
        if (s == null) {
            out.writeByte(0);
        } else {
            AvroOutput.writeLong(out, 1);
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            AvroOutput.writeBytes(out, utf8);
        }
    }

    private static String readOptionalString(ByteBuf in, String field) throws MalformedRpcException {
        int branch = AvroInput.readInt(in);
        return switch (branch) {
            case 0 -> null;
            case 1 -> AvroInput.readString(in);
            default -> throw new MalformedRpcException("handshake " + field + " has union index " + branch + ", not 0 or 1");
        };
    }

    private static void skipOptionalMeta(ByteBuf in) throws MalformedRpcException {
        int branch = AvroInput.readInt(in);
        if (branch == 1) {
            AvroInput.skipMapOfBytes(in);
        } else if (branch != 0) {
            throw new MalformedRpcException("handshake meta has union index " + branch + ", not 0 or 1");
        }
    }
}
