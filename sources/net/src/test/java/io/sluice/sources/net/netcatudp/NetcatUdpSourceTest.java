package io.sluice.sources.net.netcatudp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.SourceContext;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.testkit.Await;
import io.sluice.testkit.CollectingChannelProcessor;
import io.sluice.testkit.Specs;
import io.sluice.testkit.TestEvents;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The netcatudp source over loopback datagrams. */
class NetcatUdpSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final CollectingChannelProcessor collected = new CollectingChannelProcessor();
    private ChannelProcessor processor = collected;
    private int maxBatchSize = 100;
    private final SourceCounter counter = new SourceCounter("u1");
    private NetcatUdpSource source;
    private DatagramSocket client;

    @BeforeEach
    void openClient() throws Exception {
        client = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void tearDown() {
        client.close();
        if (source != null) {
            source.stop();
        }
    }

    private void start(String... keyValues) throws Exception {
        Map<String, String> raw = new HashMap<>();
        raw.put("bind", "127.0.0.1");
        raw.put("port", "0");
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], keyValues[i + 1]);
        }
        source = new NetcatUdpSource(new SourceContext("u1", Specs.settings(NetcatUdpSource.SPEC, raw), processor,
                counter, maxBatchSize));
        source.start();
    }

    private void send(byte[] payload) throws Exception {
        client.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(),
                source.localAddress().getPort()));
    }

    private void send(String payload) throws Exception {
        send(payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachDatagramBecomesOneEventWithTheCarriageReturnKept() throws Exception {
        start();
        send("first\r\n");
        send("second");
        send("");
        List<Event> events = collected.awaitEvents(3, WAIT);
        assertEquals(List.of("first\r", "second", ""), TestEvents.bodies(events));
        assertTrue(events.get(0).headers().isEmpty(), "no address header unless one is named");
        assertEquals(0, counter.eventReadFail());
    }

    @Test
    void bytesAfterTheFirstNewlineAreDroppedAndCounted() throws Exception {
        start();
        send("kept\ndropped\nalso dropped");
        send("next\n");
        List<Event> events = collected.awaitEvents(2, WAIT);
        assertEquals(List.of("kept", "next"), TestEvents.bodies(events));
        assertEquals(1, counter.eventReadFail());
    }

    @Test
    void remoteAddressNamesTheSenderHeader() throws Exception {
        start("remoteAddress", "sender");
        send("hello\n");
        Event event = collected.awaitEvents(1, WAIT).get(0);
        assertEquals("/127.0.0.1:" + client.getLocalPort(), event.header("sender"));
    }

    @Test
    void remoteAddressHeaderWorksAsWell() throws Exception {
        start("remoteAddressHeader", "from");
        send("hello\n");
        Event event = collected.awaitEvents(1, WAIT).get(0);
        assertEquals("/127.0.0.1:" + client.getLocalPort(), event.header("from"));
        assertNull(event.header("remoteAddress"));
    }

    @Test
    void withBothHeaderKeysSetRemoteAddressWinsAsInFlume() throws Exception {
        start("remoteAddress", "a", "remoteAddressHeader", "b");
        send("hello\n");
        Event event = collected.awaitEvents(1, WAIT).get(0);
        assertEquals("/127.0.0.1:" + client.getLocalPort(), event.header("a"));
        assertNull(event.header("b"));
    }

    @Test
    void aSixtyThousandByteDatagramIsNotTruncated() throws Exception {
        start();
        byte[] big = new byte[60_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        send(big);
        assertArrayEquals(big, collected.awaitEvents(1, WAIT).get(0).body());
    }

    @Test
    void refusedDatagramsAreDroppedAndLaterOnesStillArrive() throws Exception {
        start();
        collected.setRefusing(true);
        send("lost\n");
        Await.until(WAIT, () -> collected.refusals() >= 1, () -> "no refusal yet");
        collected.setRefusing(false);
        send("kept\n");
        assertEquals(List.of("kept"), TestEvents.bodies(collected.awaitEvents(1, WAIT)));
    }

    @Test
    void manyDatagramsArriveInOrderInBatchesNoLargerThanMaxBatchSize() throws Exception {
        AtomicInteger largest = new AtomicInteger();
        processor = events -> {
            largest.accumulateAndGet(events.size(), Math::max);
            collected.process(events);
        };
        maxBatchSize = 4;
        start();
        for (int i = 0; i < 500; i++) {
            send("d-" + i + "\n");
            if (i % 50 == 49) {
                collected.awaitEvents(i + 1, WAIT); // keep well under the socket's receive buffer
            }
        }
        List<Event> events = collected.awaitEvents(500, WAIT);
        assertEquals(TestEvents.numberedBodies("d", 500), TestEvents.bodies(events));
        assertTrue(largest.get() <= 4, "largest batch " + largest.get());
    }
}
