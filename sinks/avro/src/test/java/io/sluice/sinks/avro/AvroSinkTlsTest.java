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
import io.sluice.testkit.TestCertificates;
import io.sluice.testkit.TestEvents;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS from the sink to a Sluice Avro source: the server certificate is checked against the
 * truststore and, unless {@code verifyHostname = false}, against the host name; {@code trust-all-certs}
 * skips both. A refused handshake leaves the events in the channel.
 */
class AvroSinkTlsTest {
    @TempDir
    static Path tmp;
    static TestCertificates localhost;
    static TestCertificates elsewhere;

    final CollectingChannelProcessor received = new CollectingChannelProcessor();
    final MemoryChannel channel = AvroSinks.channel(100, 100);
    final SinkCounter counter = new SinkCounter("k1");
    AvroSource source;
    AvroSink sink;

    @BeforeAll
    static void certificates() throws Exception {
        localhost = TestCertificates.create(tmp);
        elsewhere = TestCertificates.forHost(tmp, "elsewhere.example");
    }

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.stop();
        }
        if (source != null) {
            source.stop();
        }
        channel.stop();
    }

    int startSource(TestCertificates certs) throws Exception {
        int port = FreePort.tcp();
        Map<String, String> raw = new HashMap<>(Map.of("bind", "127.0.0.1", "port", Integer.toString(port), "ssl",
                "true", "keystore", certs.keystore().toString(), "keystore-password", certs.password(),
                "keystore-type", "PKCS12", "compression-type", "deflate"));
        source = new AvroSource(new SourceContext("r1", Specs.settings(AvroSource.SPEC, raw), received,
                new SourceCounter("r1"), 100));
        source.start();
        new ChannelHarness(channel).put(TestEvents.numbered("e", 3));
        return port;
    }

    AvroSink sink(int port, TestCertificates trust, String... more) throws Exception {
        String[] keys = {"ssl", "true", "truststore", trust.truststore().toString(), "truststore-password",
                trust.password(), "truststore-type", "PKCS12", "compression-type", "deflate"};
        String[] all = new String[keys.length + more.length];
        System.arraycopy(keys, 0, all, 0, keys.length);
        System.arraycopy(more, 0, all, keys.length, more.length);
        return AvroSinks.sink(channel, counter, port, all);
    }

    @Test
    void trustedCertificateNamingTheHostCarriesTheBatchOverTlsAndDeflate() throws Exception {
        sink = sink(startSource(localhost), localhost);
        assertEquals(Status.READY, sink.process());
        assertEquals(TestEvents.numberedBodies("e", 3), received.bodies());
    }

    @Test
    void certificateForAnotherHostIsRefusedUnlessHostnameVerificationIsOff() throws Exception {
        int port = startSource(elsewhere);
        sink = sink(port, elsewhere);
        EventDeliveryException e = assertThrows(EventDeliveryException.class, sink::process);
        assertTrue(e.getMessage().contains("TLS handshake"), e.getMessage());
        assertEquals(3, channel.size());
        sink.stop();
        sink = sink(port, elsewhere, "verifyHostname", "false");
        assertEquals(Status.READY, sink.process());
        assertEquals(0, channel.size());
    }

    @Test
    void untrustedCertificateIsRefusedUnlessTrustAllCertsIsSet() throws Exception {
        int port = startSource(elsewhere);
        sink = sink(port, localhost, "verifyHostname", "false");
        assertThrows(EventDeliveryException.class, sink::process);
        assertEquals(1L, counter.snapshot().get("ConnectionFailedCount"));
        sink.stop();
        sink = AvroSinks.sink(channel, counter, port, "ssl", "true", "trust-all-certs", "true", "compression-type",
                "deflate");
        assertEquals(Status.READY, sink.process());
        assertEquals(TestEvents.numberedBodies("e", 3), received.bodies());
    }
}
