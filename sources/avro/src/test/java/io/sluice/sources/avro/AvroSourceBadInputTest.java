package io.sluice.sources.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.nio.NioEventLoopGroup;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.rpc.AvroInput;
import io.sluice.rpc.AvroOutput;
import io.sluice.rpc.FlumeProtocol;
import io.sluice.rpc.Handshake;
import io.sluice.rpc.RpcClient;
import io.sluice.rpc.RpcClientConfig;
import io.sluice.testkit.CollectingChannelProcessor;
import io.sluice.testkit.TestEvents;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken input on the Avro port (issue #5 item 6). Each case ends with the connection
 * closed (or FAILED answered) and counted, nothing half-put into the channel, memory bounded by
 * {@code maxFrameBytes} (4 MiB here) or the channel's transaction size, and a client connected
 * before the abuse still served.
 */
class AvroSourceBadInputTest {
    static final int MAX_FRAME = 4 << 20;
    static final int MAX_BATCH = 1000;
    static final NioEventLoopGroup GROUP = new NioEventLoopGroup(1);

    final CollectingChannelProcessor processor = new CollectingChannelProcessor();
    final SourceCounter counter = new SourceCounter("r1");
    AvroSource source;
    RpcClient bystander;

    @BeforeEach
    void start() throws Exception {
        source = AvroSources.start(processor, counter, MAX_BATCH, "maxFrameBytes", Integer.toString(MAX_FRAME));
        bystander = RpcClient.connect(RpcClientConfig.plain("127.0.0.1", port()), null, GROUP);
        assertTrue(bystander.appendBatch(TestEvents.numbered("before", 2)));
    }

    @AfterEach
    void stop() {
        bystander.close();
        source.stop();
    }

    @AfterAll
    static void shutdown() {
        GROUP.shutdownGracefully();
    }

    int port() {
        return source.localAddress().getPort();
    }

    /** The client connected before the abuse still gets its batch committed and answered OK. */
    void bystanderStillServed() throws Exception {
        assertTrue(bystander.appendBatch(TestEvents.numbered("after", 3)));
        List<String> bodies = processor.bodies();
        assertEquals(List.of("before-0", "before-1"), bodies.subList(0, 2));
        assertEquals(List.of("after-0", "after-1", "after-2"), bodies.subList(bodies.size() - 3, bodies.size()));
    }

    long readFails() {
        return (Long) counter.snapshot().get("EventReadFail");
    }

    @Test
    void randomBytesCloseTheConnectionAndAreCounted() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            byte[] garbage = new byte[1 + random.nextInt(4096)];
            random.nextBytes(garbage);
            try (RawConnection c = new RawConnection(port())) {
                c.write(garbage);
                c.socket.shutdownOutput();
                c.closedByServer();
            }
        }
        assertTrue(readFails() >= 1, "EventReadFail " + readFails());
        bystanderStillServed();
    }

    @Test
    void frameHeaderDeclaringTwoGigabytesIsRefusedBeforeItsBytesArrive() throws Exception {
        try (RawConnection c = new RawConnection(port())) {
            ByteBuf b = Unpooled.buffer().writeInt(1).writeInt(1).writeInt(Integer.MAX_VALUE).writeBytes(new byte[100]);
            c.write(RawConnection.bytes(b));
            assertTrue(c.closedByServer(), "connection not closed");
        }
        try (RawConnection c = new RawConnection(port())) {
            c.write(RawConnection.bytes(Unpooled.buffer().writeInt(1).writeInt(Integer.MAX_VALUE)));
            assertTrue(c.closedByServer(), "a frame of 2^31 buffers not refused");
        }
        assertEquals(2, readFails());
        bystanderStillServed();
    }

    @Test
    void batchOfAMillionEventsIsAnsweredFailedWithoutDecodingIt() throws Exception {
        ByteBuf params = Unpooled.buffer();
        AvroOutput.writeLong(params, 1_000_000);
        params.writeZero(2 * 1_000_000);
        params.writeByte(0);
        try (RawConnection c = new RawConnection(port())) {
            c.write(RawConnection.frame(7, RawConnection.appendBatchCall(true, RawConnection.bytes(params))));
            byte[] reply = c.readReply();
            assertNotNull(reply, "no reply");
            assertEquals(1, status(reply, true), "status should be FAILED");
        }
        assertEquals(1L, counter.snapshot().get("ChannelWriteFail"));
        bystanderStillServed();
    }

    @Test
    void bodyOfSixtyFourMegabytesClosesTheConnectionAtItsLengthPrefix() throws Exception {
        ByteBuf params = Unpooled.buffer();
        AvroOutput.writeLong(params, 1);
        params.writeByte(0);
        AvroOutput.writeLong(params, 64L << 20);
        byte[] head = RawConnection.appendBatchCall(true, RawConnection.bytes(params));
        try (RawConnection c = new RawConnection(port())) {
            ByteBuf b = Unpooled.buffer().writeInt(1).writeInt(1).writeInt(head.length + (64 << 20)).writeBytes(head);
            c.write(RawConnection.bytes(b));
            boolean refused;
            try {
                byte[] chunk = new byte[1 << 20];
                for (int i = 0; i < 64; i++) {
                    c.write(chunk);
                }
                refused = c.closedByServer();
            } catch (IOException e) {
                refused = true;
            }
            assertTrue(refused, "a 64 MiB frame was not refused");
        }
        assertEquals(1, readFails());
        assertEquals(2, processor.events().size());
        bystanderStillServed();
    }

    @Test
    void truncatedFramesPutNothingAndMalformedPayloadsAreAnsweredWithAnErrorAndClosed() throws Exception {
        byte[] valid = RawConnection.frame(1, RawConnection.appendBatchCall(true, batchParams(5)));
        try (RawConnection c = new RawConnection(port())) {
            c.write(Arrays.copyOf(valid, valid.length / 2));
        }
        byte[] call = RawConnection.appendBatchCall(true, batchParams(5));
        byte[] cut = Arrays.copyOf(call, call.length - 20);
        try (RawConnection c = new RawConnection(port())) {
            c.write(RawConnection.frame(2, cut));
            byte[] reply = c.readReply();
            assertNotNull(reply);
            Handshake.readResponse(Unpooled.wrappedBuffer(reply));
            assertTrue(c.closedByServer(), "connection not closed after a malformed call");
        }
        assertEquals(1, readFails());
        assertEquals(2, processor.events().size(), "nothing of a broken call may be put");
        bystanderStillServed();
    }

    @Test
    void validFrameWrittenOneByteAtATimeIsAccepted() throws Exception {
        byte[] frame = RawConnection.frame(9, RawConnection.appendBatchCall(true, batchParams(3)));
        try (RawConnection c = new RawConnection(port())) {
            c.socket.setTcpNoDelay(true);
            for (byte b : frame) {
                c.write(new byte[] {b});
            }
            byte[] reply = c.readReply();
            assertNotNull(reply);
            assertEquals(0, status(reply, true), "status should be OK");
        }
        assertEquals(List.of("before-0", "before-1", "slow-0", "slow-1", "slow-2"), processor.bodies());
        bystanderStillServed();
    }

    @Test
    void unknownClientHashWithoutProtocolIsAnsweredNoneAndTheConnectionMayRetry() throws Exception {
        byte[] stranger = new byte[16];
        ByteBuf call = Unpooled.buffer();
        Handshake.writeRequest(call, stranger, null, FlumeProtocol.md5());
        call.writeByte(0);
        AvroOutput.writeString(call, FlumeProtocol.APPEND_BATCH);
        call.writeBytes(batchParams(3));
        try (RawConnection c = new RawConnection(port())) {
            c.write(RawConnection.frame(1, RawConnection.bytes(call)));
            Handshake.Response r = Handshake.readResponse(Unpooled.wrappedBuffer(c.readReply()));
            assertEquals(Handshake.Match.NONE, r.match());
            assertEquals(FlumeProtocol.TEXT, r.serverProtocol());
            assertArrayEquals(FlumeProtocol.md5(), r.serverHash());
            c.write(RawConnection.frame(2, RawConnection.appendBatchCall(true, batchParams(3))));
            assertEquals(0, status(c.readReply(), true));
        }
        assertEquals(5, processor.events().size());
        bystanderStillServed();
    }

    @Test
    void garbledHandshakesAreAnsweredWithAnErrorAndClosedWithoutAllocatingWhatTheyClaim() throws Exception {
        ByteBuf unionOutOfRange = Unpooled.buffer().writeBytes(FlumeProtocol.md5());
        AvroOutput.writeLong(unionOutOfRange, 7);
        ByteBuf hugeProtocol = Unpooled.buffer().writeBytes(new byte[16]);
        AvroOutput.writeLong(hugeProtocol, 1);
        AvroOutput.writeLong(hugeProtocol, Integer.MAX_VALUE - 8);
        hugeProtocol.writeBytes(new byte[64]);
        ByteBuf notJson = Unpooled.buffer();
        Handshake.writeRequest(notJson, new byte[16], "{not a protocol", FlumeProtocol.md5());
        for (ByteBuf payload : List.of(unionOutOfRange, hugeProtocol, notJson)) {
            try (RawConnection c = new RawConnection(port())) {
                c.write(RawConnection.frame(1, RawConnection.bytes(payload)));
                assertTrue(c.closedByServer(), "connection not closed");
            }
        }
        assertEquals(3, readFails());
        bystanderStillServed();
    }

    @Test
    void framesLargerThanMaxFrameBytesAreRefused() throws Exception {
        try (RawConnection c = new RawConnection(port())) {
            try {
                c.write(RawConnection.frame(1, new byte[MAX_FRAME]));
            } catch (java.net.SocketException closedWhileWriting) {
                // The server refuses at the length prefix and may close before the body is written.
            }
            assertTrue(c.closedByServer());
        }
        assertEquals(1, readFails());
        bystanderStillServed();
    }

    /** {@code n} events with bodies slow-0 … slow-(n-1) (headers none) as appendBatch parameter bytes. */
    static byte[] batchParams(int n) {
        return RawConnection.batchParams("slow", n);
    }

    /** The Status index of a reply (after its handshake response, if any). */
    static int status(byte[] reply, boolean withHandshake) throws Exception {
        ByteBuf in = Unpooled.wrappedBuffer(reply);
        if (withHandshake) {
            assertEquals(Handshake.Match.BOTH, Handshake.readResponse(in).match());
        }
        AvroInput.skipMapOfBytes(in);
        assertEquals(false, AvroInput.readBoolean(in), "error reply");
        return AvroInput.readInt(in);
    }
}
