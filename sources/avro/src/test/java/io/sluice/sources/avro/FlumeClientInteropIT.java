package io.sluice.sources.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.metrics.SourceCounter;
import io.sluice.rpc.FlumeProtocol;
import io.sluice.testkit.CollectingChannelProcessor;
import io.sluice.testkit.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flume.Event;
import org.apache.flume.api.RpcClient;
import org.apache.flume.api.RpcClientFactory;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.source.avro.AvroSourceProtocol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apache Flume 1.11's own RPC client (flume-ng-sdk, the client inside Flume's Avro sink and
 * avro-client) sending to Sluice's Avro source: plain, deflate, TLS, and TLS with deflate. Every event
 * arrives once, in order, with its headers and body byte for byte.
 */
class FlumeClientInteropIT {
    @TempDir
    static Path tmp;
    static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.create(tmp);
    }

    @Test
    void sluiceProtocolHashEqualsTheHashOfFlumesGeneratedProtocol() {
        assertArrayEquals(AvroSourceProtocol.PROTOCOL.getMD5(), FlumeProtocol.md5());
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "deflate", "tls", "tls+deflate"})
    void everyEventFromFlumesClientArrivesOnceWithHeadersAndBodyIntact(String mode) throws Exception {
        boolean deflate = mode.contains("deflate");
        boolean tls = mode.startsWith("tls");
        CollectingChannelProcessor processor = new CollectingChannelProcessor();
        SourceCounter counter = new SourceCounter("r1");
        List<String> keys = new ArrayList<>(List.of("compression-type", deflate ? "deflate" : "none"));
        if (tls) {
            keys.addAll(List.of("ssl", "true", "keystore", certs.keystore().toString(), "keystore-password",
                    certs.password(), "keystore-type", "PKCS12"));
        }
        AvroSource source = AvroSources.start(processor, counter, 1000, keys.toArray(new String[0]));
        List<Event> sent = events(mode, 250);
        try {
            Properties p = new Properties();
            p.setProperty("hosts", "h1");
            p.setProperty("hosts.h1", "127.0.0.1:" + source.localAddress().getPort());
            p.setProperty("batch-size", "100");
            if (deflate) {
                p.setProperty("compression-type", "deflate");
                p.setProperty("compression-level", "6");
            }
            if (tls) {
                p.setProperty("ssl", "true");
                p.setProperty("truststore", certs.truststore().toString());
                p.setProperty("truststore-password", certs.password());
                p.setProperty("truststore-type", "PKCS12");
            }
            RpcClient client = RpcClientFactory.getInstance(p);
            try {
                client.appendBatch(sent.subList(0, 200));
                for (Event e : sent.subList(200, 250)) {
                    client.append(e);
                }
            } finally {
                client.close();
            }
            var got = processor.awaitEvents(250, Duration.ofSeconds(10));
            assertEquals(250, got.size());
            for (int i = 0; i < 250; i++) {
                assertArrayEquals(sent.get(i).getBody(), got.get(i).body(), "body of event " + i);
                assertEquals(sent.get(i).getHeaders(), got.get(i).headers(), "headers of event " + i);
            }
            Map<String, Object> m = counter.snapshot();
            assertEquals(2L, m.get("AppendBatchAcceptedCount"));
            assertEquals(50L, m.get("AppendAcceptedCount"));
        } finally {
            source.stop();
        }
    }

    static List<Event> events(String tag, int n) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> headers = new HashMap<>();
            if (i % 3 != 0) {
                headers.put("seq", Integer.toString(i));
                headers.put("host", "h\u00e9te-" + tag);
            }
            byte[] body;
            if (i % 7 == 0) {
                body = new byte[0];
            } else if (i % 5 == 0) {
                body = new byte[300 + i];
                for (int j = 0; j < body.length; j++) {
                    body[j] = (byte) (j * 31 + i);
                }
            } else {
                body = ("line " + i + " \u2603 " + tag).getBytes(StandardCharsets.UTF_8);
            }
            out.add(EventBuilder.withBody(body, headers));
        }
        return out;
    }
}
