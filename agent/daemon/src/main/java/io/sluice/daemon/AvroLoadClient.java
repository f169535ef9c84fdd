package io.sluice.daemon;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.api.Event;
import io.sluice.rpc.AvroInput;
import io.sluice.rpc.AvroOutput;
import io.sluice.rpc.EventCodec;
import io.sluice.rpc.FlumeProtocol;
import io.sluice.rpc.Handshake;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The benchmark's Avro load, run as its own JVM so the agent's figures are its own, and kept as cheap
 * as the protocol allows so it leaves the shared cores to the agent: it encodes one batch of 1000
 * events of {@code bodyBytes} bytes once and sends that frame {@code n / 1000} times over
 * {@code connections} connections to the agent's Avro source, each call waiting for its OK; and it
 * receives what the agent's Avro sink sends on a second port, answering OK after reading only the
 * batch's event count. Exits 0 once every event came back, 1 if any batch was refused.
 */
public final class AvroLoadClient {
    static final int BATCH = 1000;

    private AvroLoadClient() {
    }

    public static void main(String[] args) throws Exception {
        int agentPort = Integer.parseInt(args[0]);
        int receivePort = Integer.parseInt(args[1]);
        long n = Long.parseLong(args[2]);
        int bodyBytes = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        LongAdder received = new LongAdder();
        AtomicBoolean failed = new AtomicBoolean();
        ServerSocket server = new ServerSocket(receivePort, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (true) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> receive(s, received));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();

        byte[] body = new byte[bodyBytes];
        Arrays.fill(body, (byte) 'x');
        List<Event> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(Event.of(body));
        }
        List<Thread> senders = new ArrayList<>();
        long batches = (n + BATCH - 1) / BATCH;
        for (int c = 0; c < connections; c++) {
            long share = batches / connections + (c < batches % connections ? 1 : 0);
            Thread t = new Thread(() -> {
                try {
                    send(agentPort, batch, share);
                } catch (Exception e) {
                    System.err.println("load client: " + e);
                    failed.set(true);
                }
            });
            t.start();
            senders.add(t);
        }
        for (Thread t : senders) {
            t.join();
        }
        while (!failed.get() && received.sum() < batches * BATCH) {
            Thread.sleep(1);
        }
        server.close();
        System.exit(failed.get() ? 1 : 0);
    }

    private static void send(int port, List<Event> batch, long calls) throws Exception {
        byte[] first = call(true, batch);
        byte[] next = call(false, batch);
        try (Socket s = connect(port)) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            for (long i = 0; i < calls; i++) {
                out.write(i == 0 ? first : next);
                ByteBuf reply = readFrame(in);
                if (i == 0 && Handshake.readResponse(reply).match() != Handshake.Match.BOTH) {
                    throw new IOException("handshake did not match BOTH");
                }
                // empty metadata map, no error, status OK (index 0)
                if (reply.readableBytes() != 3 || reply.getByte(reply.readerIndex() + 2) != 0) {
                    throw new IOException("batch refused by the agent");
                }
            }
        }
    }

    /** One appendBatch frame (serial 1: replies are matched by order here). */
    private static byte[] call(boolean handshake, List<Event> batch) {
        ByteBuf payload = Unpooled.buffer();
        if (handshake) {
            Handshake.writeRequest(payload, FlumeProtocol.md5(), FlumeProtocol.TEXT, FlumeProtocol.md5());
        }
        payload.writeByte(0);
        AvroOutput.writeString(payload, FlumeProtocol.APPEND_BATCH);
        EventCodec.writeBatch(payload, batch);
        ByteBuf frame = Unpooled.buffer().writeInt(1).writeInt(1).writeInt(payload.readableBytes()).writeBytes(payload);
        byte[] out = new byte[frame.readableBytes()];
        frame.readBytes(out);
        return out;
    }

    /** Answers the agent's sink: handshake BOTH on the first call, then OK to every call, counting events. */
    private static void receive(Socket s, LongAdder received) {
        try (s) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            boolean handshaken = false;
            byte[] head = new byte[4096];
            while (true) {
                int serial = in.readInt();
                int count = in.readInt();
                long events = -1;
                ByteBuf reply = Unpooled.buffer();
                for (int i = 0; i < count; i++) {
                    int length = in.readInt();
                    if (events >= 0) {
                        in.skipNBytes(length);
                        continue;
                    }
                    // The call's head (handshake, metadata, name, first block count) is in its first buffer;
                    // the events themselves are skipped unread.
                    int take = Math.min(length, head.length);
                    in.readFully(head, 0, take);
                    in.skipNBytes(length - take);
                    ByteBuf payload = Unpooled.wrappedBuffer(head, 0, take);
                    if (!handshaken) {
                        Handshake.readRequest(payload);
                        Handshake.writeResponse(reply, Handshake.Match.BOTH, null, null);
                        handshaken = true;
                    }
                    payload.readByte();
                    payload.skipBytes(payload.readByte() >> 1);
                    events = AvroInput.readBlockCount(payload);
                }
                reply.writeByte(0).writeByte(0).writeByte(0);
                out.writeInt(serial);
                out.writeInt(1);
                out.writeInt(reply.readableBytes());
                out.write(reply.array(), reply.arrayOffset() + reply.readerIndex(), reply.readableBytes());
                out.flush();
                // Counted once the OK is on its way, so the client never exits before the sink got it.
                received.add(events);
            }
        } catch (IOException e) {
            // the agent closed the connection at the end of the round
        }
    }

    private static ByteBuf readFrame(DataInputStream in) throws IOException {
        in.readInt();
        return readBody(in);
    }

    private static ByteBuf readBody(DataInputStream in) throws IOException {
        int count = in.readInt();
        ByteBuf payload = Unpooled.buffer();
        for (int i = 0; i < count; i++) {
            byte[] part = new byte[in.readInt()];
            in.readFully(part);
            payload.writeBytes(part);
        }
        return payload;
    }

    private static Socket connect(int port) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

}
