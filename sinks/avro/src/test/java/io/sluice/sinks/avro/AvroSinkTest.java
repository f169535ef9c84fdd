package io.sluice.sinks.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.SourceContext;
import io.sluice.api.Status;
import io.sluice.api.metrics.SinkCounter;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.channels.memory.MemoryChannel;
import io.sluice.sources.avro.AvroSource;
import io.sluice.testkit.ChannelHarness;
import io.sluice.testkit.CollectingChannelProcessor;
import io.sluice.testkit.FreePort;
import io.sluice.testkit.Specs;
import io.sluice.testkit.TestEvents;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sink commits a batch only when the next hop answered OK; on FAILED, no answer in time, or no
 * next hop at all it rolls back (the events stay in the channel, in order) and throws, and the next
 * call reconnects by itself.
 */
class AvroSinkTest {
    final CollectingChannelProcessor received = new CollectingChannelProcessor();
    final MemoryChannel channel = AvroSinks.channel(1000, 100);
    final ChannelHarness harness = new ChannelHarness(channel);
    final SinkCounter counter = new SinkCounter("k1");
    AvroSource nextHop;
    AvroSink sink;

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.stop();
        }
        if (nextHop != null) {
            nextHop.stop();
        }
        channel.stop();
    }

    AvroSource startNextHop(int port) throws Exception {
        AvroSource s = new AvroSource(new SourceContext("r1", Specs.settings(AvroSource.SPEC,
                Map.of("bind", "127.0.0.1", "port", Integer.toString(port))), received, new SourceCounter("r1"), 1000));
        s.start();
        return s;
    }

    long count(String attribute) {
        return (Long) counter.snapshot().get(attribute);
    }

    @Test
    void batchesAreCommittedOnlyAfterOkAndCounted() throws Exception {
        int port = FreePort.tcp();
        nextHop = startNextHop(port);
        sink = AvroSinks.sink(channel, counter, port, "batch-size", "10");
        harness.put(TestEvents.numbered("e", 25));
        assertEquals(Status.READY, sink.process());
        assertEquals(Status.READY, sink.process());
        assertEquals(Status.READY, sink.process());
        assertEquals(Status.BACKOFF, sink.process());
        assertEquals(TestEvents.numberedBodies("e", 25), received.bodies());
        assertEquals(0, channel.size());
        assertEquals(25L, count("EventDrainSuccessCount"));
        assertEquals(2L, count("BatchCompleteCount"));
        assertEquals(1L, count("BatchUnderflowCount"));
        assertEquals(1L, count("BatchEmptyCount"));
        assertEquals(1L, count("ConnectionCreatedCount"));
    }

    @Test
    void failedAnswerRollsBackAndTheRetryDeliversEachEventOnceInOrder() throws Exception {
        int port = FreePort.tcp();
        nextHop = startNextHop(port);
        sink = AvroSinks.sink(channel, counter, port, "batch-size", "10");
        harness.put(TestEvents.numbered("e", 10));
        received.setRefusing(true);
        assertThrows(EventDeliveryException.class, sink::process);
        assertEquals(10, channel.size());
        assertEquals(1L, count("EventWriteFail"));
        received.setRefusing(false);
        assertEquals(Status.READY, sink.process());
        assertEquals(TestEvents.numberedBodies("e", 10), received.bodies());
        assertEquals(0, channel.size());
    }

    @Test
    void withNoNextHopTheSinkLeavesTheChannelAloneAndConnectsOnceItAppears() throws Exception {
        int port = FreePort.tcp();
        sink = AvroSinks.sink(channel, counter, port, "batch-size", "10");
        harness.put(TestEvents.numbered("e", 5));
        assertThrows(EventDeliveryException.class, sink::process);
        assertThrows(EventDeliveryException.class, sink::process);
        assertEquals(5, channel.size());
        assertEquals(2L, count("ConnectionFailedCount"));
        assertEquals(0L, count("EventDrainAttemptCount"));
        nextHop = startNextHop(port);
        assertEquals(Status.READY, sink.process());
        assertEquals(TestEvents.numberedBodies("e", 5), received.bodies());
    }

    @Test
    void lostConnectionIsReplacedOnTheNextBatch() throws Exception {
        int port = FreePort.tcp();
        nextHop = startNextHop(port);
        sink = AvroSinks.sink(channel, counter, port, "batch-size", "10");
        harness.put(TestEvents.numbered("a", 3));
        assertEquals(Status.READY, sink.process());
        nextHop.stop();
        nextHop = startNextHop(port);
        harness.put(TestEvents.numbered("b", 3));
        EventDeliveryException first = null;
        try {
            sink.process();
        } catch (EventDeliveryException e) {
            first = e;
        }
        if (first != null) {
            assertEquals(3, channel.size(), "a batch sent into the dead connection stays in the channel");
            assertEquals(Status.READY, sink.process());
        }
        assertEquals(0, channel.size());
        assertEquals(2L, count("ConnectionCreatedCount"));
        assertTrue(received.bodies().containsAll(TestEvents.numberedBodies("b", 3)));
        assertEquals(6, received.bodies().size());
    }

    @Test
    void unansweredCallTimesOutRollsBackAndClosesTheConnection() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (Exception ignored) {
                    // the sink closed the connection
                }
            });
            acceptor.start();
            sink = AvroSinks.sink(channel, counter, silent.getLocalPort(), "batch-size", "10",
                    "connect-timeout", "1000", "request-timeout", "1000");
            harness.put(TestEvents.numbered("e", 4));
            long t0 = System.nanoTime();
            EventDeliveryException e = assertThrows(EventDeliveryException.class, sink::process);
            assertTrue(e.getMessage().contains("no reply within"), e.getMessage());
            assertTrue(System.nanoTime() - t0 >= 1_000_000_000L);
            assertEquals(4, channel.size());
            assertEquals(1L, count("EventWriteFail"));
            assertEquals(1L, count("ConnectionClosedCount"));
            acceptor.join(5000);
        }
    }

    @Test
    void resetConnectionIntervalReplacesTheConnectionBeforeTheNextBatch() throws Exception {
        int port = FreePort.tcp();
        nextHop = startNextHop(port);
        sink = AvroSinks.sink(channel, counter, port, "batch-size", "10", "reset-connection-interval", "1");
        harness.put(TestEvents.numbered("a", 2));
        assertEquals(Status.READY, sink.process());
        Thread.sleep(1100);
        harness.put(TestEvents.numbered("b", 2));
        assertEquals(Status.READY, sink.process());
        assertEquals(2L, count("ConnectionCreatedCount"));
        assertEquals(1L, count("ConnectionClosedCount"));
        assertEquals(4, received.bodies().size());
    }
}
