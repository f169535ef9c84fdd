package io.sluice.sources.avro;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.rpc.AvroOutput;
import io.sluice.rpc.EventCodec;
import io.sluice.rpc.FlumeProtocol;
import io.sluice.rpc.Handshake;
import io.sluice.testkit.TestEvents;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A hand-driven Avro connection for abuse tests: writes whatever bytes a test wants (valid calls,
 * broken frames, garbage) and reads reply frames. Payload builders produce the call layout of
 * spec §3.2 so tests can break one part at a time.
 */
final class RawConnection implements AutoCloseable {
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A one-buffer frame around {@code payload}. */
    static byte[] frame(int serial, byte[] payload) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(serial).writeInt(1).writeInt(payload.length).writeBytes(payload);
        return bytes(b);
    }

    /** An appendBatch call with Flume's handshake in front and {@code params} as its raw parameter bytes. */
    static byte[] appendBatchCall(boolean handshake, byte[] params) {
        ByteBuf b = Unpooled.buffer();
        if (handshake) {
            Handshake.writeRequest(b, FlumeProtocol.md5(), null, FlumeProtocol.md5());
        }
        b.writeByte(0);
        AvroOutput.writeString(b, FlumeProtocol.APPEND_BATCH);
        b.writeBytes(params);
        return bytes(b);
    }

    /** {@code n} header-less events with bodies prefix-0 … prefix-(n-1), as appendBatch parameter bytes. */
    static byte[] batchParams(String prefix, int n) {
        ByteBuf b = Unpooled.buffer();
        EventCodec.writeBatch(b, TestEvents.numbered(prefix, n));
        return bytes(b);
    }

    static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    /** A reply frame: the serial it echoes and its buffers joined. */
    record Reply(int serial, byte[] payload) {
    }

    /** The payload of the next reply frame, or null when the server closed the connection. */
    byte[] readReply() throws IOException {
        Reply r = readReplyFrame();
        return r == null ? null : r.payload();
    }

    /** The next reply frame, or null when the server closed the connection. */
    Reply readReplyFrame() throws IOException {
        try {
            int serial = in.readInt();
            int count = in.readInt();
            ByteBuf payload = Unpooled.buffer();
            for (int i = 0; i < count; i++) {
                byte[] part = new byte[in.readInt()];
                in.readFully(part);
                payload.writeBytes(part);
            }
            return new Reply(serial, bytes(payload));
        } catch (EOFException e) {
            return null;
        }
    }

    /** True when the server closed the connection within the socket timeout (after any replies). */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // replies written before the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
