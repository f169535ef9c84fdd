package io.sluice.sources.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.nio.NioEventLoopGroup;
import io.sluice.api.Event;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.rpc.RpcClient;
import io.sluice.rpc.RpcClientConfig;
import io.sluice.rpc.RpcException;
import io.sluice.testkit.CollectingChannelProcessor;
import io.sluice.testkit.Specs;
import io.sluice.testkit.TestEvents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The source answers calls from Sluice's own RPC client: OK after commit, FAILED on refusal, counters. */
class AvroSourceTest {
    static final NioEventLoopGroup GROUP = new NioEventLoopGroup(1);
    final CollectingChannelProcessor processor = new CollectingChannelProcessor();
    final SourceCounter counter = new SourceCounter("r1");
    AvroSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.stop();
        }
    }

    @AfterAll
    static void shutdown() {
        GROUP.shutdownGracefully();
    }

    RpcClient client() throws Exception {
        return RpcClient.connect(RpcClientConfig.plain("127.0.0.1", source.localAddress().getPort()), null, GROUP);
    }

    @Test
    void batchesAndSingleEventsArriveWithHeadersInOrderAndAreAnsweredOk() throws Exception {
        source = AvroSources.start(processor, counter, 100);
        try (RpcClient c = client()) {
            assertTrue(c.appendBatch(TestEvents.numbered("a", 50)));
            assertTrue(c.append(Event.of(Map.of("host", "h1", "k", "v"), "single".getBytes())));
            assertTrue(c.appendBatch(TestEvents.numbered("b", 3)));
        }
        List<Event> got = processor.events();
        assertEquals(54, got.size());
        assertEquals("a-0", TestEvents.body(got.get(0)));
        assertEquals("single", TestEvents.body(got.get(50)));
        assertEquals(Map.of("host", "h1", "k", "v"), got.get(50).headers());
        assertEquals("b-2", TestEvents.body(got.get(53)));
        Map<String, Object> m = counter.snapshot();
        assertEquals(2L, m.get("AppendBatchReceivedCount"));
        assertEquals(2L, m.get("AppendBatchAcceptedCount"));
        assertEquals(1L, m.get("AppendReceivedCount"));
        assertEquals(1L, m.get("AppendAcceptedCount"));
    }

    @Test
    void refusedBatchIsAnsweredFailedAndTheConnectionKeepsServing() throws Exception {
        source = AvroSources.start(processor, counter, 100);
        try (RpcClient c = client()) {
            processor.setRefusing(true);
            assertFalse(c.appendBatch(TestEvents.numbered("x", 5)));
            processor.setRefusing(false);
            assertTrue(c.appendBatch(TestEvents.numbered("y", 5)));
        }
        assertEquals(TestEvents.numberedBodies("y", 5), processor.bodies());
        assertEquals(1L, counter.snapshot().get("AppendBatchAcceptedCount"));
    }

    @Test
    void batchLargerThanTheChannelsTransactionCapacityIsAnsweredFailedWithoutPuttingAnything() throws Exception {
        source = AvroSources.start(processor, counter, 10);
        try (RpcClient c = client()) {
            assertFalse(c.appendBatch(TestEvents.numbered("big", 11)));
            assertTrue(c.appendBatch(TestEvents.numbered("ok", 10)));
        }
        assertEquals(TestEvents.numberedBodies("ok", 10), processor.bodies());
        assertEquals(1L, counter.snapshot().get("ChannelWriteFail"));
    }

    @Test
    void ipFilterRulesRefuseDeniedAddressesAndTheFirstMatchingRuleDecides() throws Exception {
        source = AvroSources.start(processor, counter, 100, "ipFilter", "true", "ipFilterRules",
                "allow:ip:10.*,deny:ip:127.0.0.?,allow:ip:*");
        try (RpcClient c = client()) {
            assertThrows(RpcException.class, () -> c.appendBatch(TestEvents.numbered("x", 1)));
        }
        source.stop();
        source = AvroSources.start(processor, counter, 100, "ipFilter", "true", "ipFilterRules",
                "allow:name:localhost,deny:ip:*");
        try (RpcClient c = client()) {
            assertTrue(c.appendBatch(TestEvents.numbered("y", 1)));
        }
        assertEquals(List.of("y-0"), processor.bodies());
    }

    @Test
    void specRefusesFilterWithoutRulesBadRulesTlsWithoutKeystoreAndUnknownCompression() {
        assertProblem(Map.of("ipFilter", "true"), "ipFilter = true needs ipFilterRules");
        assertProblem(Map.of("ipFilter", "true", "ipFilterRules", "permit:ip:*"), "is not <allow|deny>:<ip|name>:<pattern>");
        if (System.getProperty("javax.net.ssl.keyStore") == null && System.getenv("FLUME_SSL_KEYSTORE_PATH") == null) {
            assertProblem(Map.of("ssl", "true"), "ssl = true needs keystore");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Specs.settings(AvroSource.SPEC,
                Map.of("bind", "0.0.0.0", "port", "1", "compression-type", "gzip")));
        assertTrue(e.getMessage().contains("none, deflate"), e.getMessage());
    }

    static void assertProblem(Map<String, String> keys, String expected) {
        Map<String, String> raw = new HashMap<>(keys);
        raw.put("bind", "0.0.0.0");
        raw.put("port", "1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Specs.settings(AvroSource.SPEC, raw));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
