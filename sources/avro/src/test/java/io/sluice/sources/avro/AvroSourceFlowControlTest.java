package io.sluice.sources.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.nio.NioEventLoopGroup;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.rpc.RpcClient;
import io.sluice.rpc.RpcClientConfig;
import io.sluice.testkit.Await;
import io.sluice.testkit.CollectingChannelProcessor;
import io.sluice.testkit.TestEvents;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link FrameGuard} adds to Avro's server, seen from real sockets: one call per connection in
 * flight, so pipelined calls are answered in order; the source-wide {@code maxBytesInFlight} budget
 * that pauses connections instead of letting half frames pile up; and the half-frame timeout that
 * closes connections stalled mid-call but leaves idle ones alone.
 */
class AvroSourceFlowControlTest {
    static final NioEventLoopGroup GROUP = new NioEventLoopGroup(1);
    final CollectingChannelProcessor collected = new CollectingChannelProcessor();
    final SourceCounter counter = new SourceCounter("r1");
    final ExecutorService writers = Executors.newCachedThreadPool();
    final List<AutoCloseable> open = new ArrayList<>();
    AvroSource source;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        writers.shutdownNow();
        if (source != null) {
            source.stop();
        }
    }

    @AfterAll
    static void shutdown() {
        GROUP.shutdownGracefully();
    }

    int port() {
        return source.localAddress().getPort();
    }

    RawConnection raw() throws Exception {
        RawConnection c = new RawConnection(port());
        open.add(c);
        return c;
    }

    RpcClient client() throws Exception {
        RpcClient c = RpcClient.connect(RpcClientConfig.plain("127.0.0.1", port()), null, GROUP);
        open.add(c);
        return c;
    }

    /**
     * Ten calls written in one go on one connection, the first slow to commit, on a source with eight
     * caller threads: Avro's server alone would hand them to different threads and answer later ones
     * first; they are committed and answered in the order sent.
     */
    @Test
    void pipelinedCallsOfOneConnectionAreCommittedAndAnsweredInOrder() throws Exception {
        ChannelProcessor slowFirst = events -> {
            if (TestEvents.body(events.get(0)).equals("call0-0")) {
                sleep(300);
            }
            collected.process(events);
        };
        source = AvroSources.start(slowFirst, counter, 100, "threads", "8");
        ByteArrayOutputStream calls = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.write(RawConnection.frame(100 + i, RawConnection.appendBatchCall(i == 0,
                    RawConnection.batchParams("call" + i, 2))));
            expected.addAll(TestEvents.numberedBodies("call" + i, 2));
        }
        RawConnection c = raw();
        c.write(calls.toByteArray());
        for (int i = 0; i < 10; i++) {
            RawConnection.Reply reply = c.readReplyFrame();
            assertNotNull(reply, "reply " + i);
            assertEquals(100 + i, reply.serial(), "replies in call order");
            assertEquals(0, AvroSourceBadInputTest.status(reply.payload(), i == 0), "OK");
        }
        assertEquals(expected, collected.bodies());
    }

    /**
     * Six connections each send 300 000 bytes of a 400 000-byte call to a source whose budget is
     * 1 MiB: the source takes in exactly 1 MiB of them and stops reading; a well-behaved client's
     * call then waits (it is not refused), and is committed and answered OK as soon as the half
     * frames are closed and their bytes released, after which nothing is held.
     */
    @Test
    void halfFramesOfManyConnectionsStopAtTheBudgetAndNormalClientsAreServedOnceItFrees() throws Exception {
        long budget = 1 << 20;
        source = AvroSources.start(collected, counter, 100, "maxBytesInFlight", Long.toString(budget),
                "maxFrameBytes", Integer.toString(512 * 1024), "halfFrameTimeoutMillis", "600000");
        List<RawConnection> halves = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RawConnection c = raw();
            halves.add(c);
            ByteBuf head = Unpooled.buffer().writeInt(i).writeInt(1).writeInt(400_000);
            byte[] half = new byte[300_000];
            writers.submit(() -> {
                c.write(RawConnection.bytes(head));
                c.write(half);
                return null;
            });
        }
        Await.until(Duration.ofSeconds(10), () -> source.bytesInFlight() == budget,
                () -> "bytes in flight " + source.bytesInFlight() + ", expected the whole budget " + budget);

        RpcClient normal = client();
        Future<Boolean> call = writers.submit(() -> normal.appendBatch(TestEvents.numbered("normal", 3)));
        try {
            call.get(500, TimeUnit.MILLISECONDS);
            throw new AssertionError("a call was answered while the budget was spent");
        } catch (TimeoutException expected) {
            // waiting, not refused
        }
        assertEquals(budget, source.bytesInFlight(), "the budget is never exceeded");

        for (RawConnection c : halves) {
            c.close();
        }
        assertTrue(call.get(10, TimeUnit.SECONDS), "the waiting call is answered OK");
        assertEquals(TestEvents.numberedBodies("normal", 3), collected.bodies());
        Await.until(Duration.ofSeconds(5), () -> source.bytesInFlight() == 0,
                () -> "bytes still held after every call was answered: " + source.bytesInFlight());
        assertEquals(0L, counter.snapshot().get("EventReadFail"), "waiting for the budget is not an error");
    }

    /**
     * With a 300 ms half-frame timeout, a connection that sends half a call (or half a frame header)
     * and stops is closed and counted; a client that idles between calls for longer keeps its
     * connection and is served.
     */
    @Test
    void connectionsStalledMidFrameAreClosedAndIdleOnesBetweenCallsAreNot() throws Exception {
        source = AvroSources.start(collected, counter, 100, "halfFrameTimeoutMillis", "300");
        RpcClient idle = client();
        assertTrue(idle.appendBatch(TestEvents.numbered("first", 1)));

        byte[] call = RawConnection.frame(1, RawConnection.appendBatchCall(true, RawConnection.batchParams("half", 2)));
        for (byte[] part : List.of(Arrays.copyOf(call, call.length / 2), Arrays.copyOf(call, 5))) {
            RawConnection c = raw();
            long started = System.nanoTime();
            c.write(part);
            assertTrue(c.closedByServer(), "stalled connection not closed");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(waited >= 250, "closed after " + waited + " ms, before the timeout");
        }
        assertEquals(2L, idleClosed());

        sleep(1_000);
        assertTrue(idle.appendBatch(TestEvents.numbered("second", 1)), "idle connection still served");
        assertEquals(List.of("first-0", "second-0"), collected.bodies());
        assertEquals(2L, idleClosed());
        // The reply can reach the client just before the write's completion releases the call's bytes.
        Await.until(Duration.ofSeconds(5), () -> source.bytesInFlight() == 0,
                () -> "bytes still held: " + source.bytesInFlight());
    }

    long idleClosed() {
        return ((Number) counter.snapshot().get("ClosedIdleConnectionCount")).longValue();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
