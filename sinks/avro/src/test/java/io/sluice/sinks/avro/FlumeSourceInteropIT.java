package io.sluice.sinks.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.api.metrics.SinkCounter;
import io.sluice.channels.memory.MemoryChannel;
import io.sluice.testkit.ChannelHarness;
import io.sluice.testkit.FreePort;
import io.sluice.testkit.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flume.Context;
import org.apache.flume.Transaction;
import org.apache.flume.channel.ChannelProcessor;
import org.apache.flume.channel.ReplicatingChannelSelector;
import org.apache.flume.conf.Configurables;
import org.apache.flume.source.AvroSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sluice's Avro sink sending to Apache Flume 1.11's own Avro source (flume-ng-core, with Flume's
 * memory channel behind it): plain, deflate, TLS, and TLS with deflate. Every event arrives once, in
 * order, with its headers and body byte for byte, and the sink's counters say so.
 */
class FlumeSourceInteropIT {
    @TempDir
    static Path tmp;
    static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.create(tmp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "deflate", "tls", "tls+deflate"})
    void everyEventFromSluicesSinkArrivesOnceInFlumesSourceWithHeadersAndBodyIntact(String mode) throws Exception {
        boolean deflate = mode.contains("deflate");
        boolean tls = mode.startsWith("tls");
        int port = FreePort.tcp();

        org.apache.flume.channel.MemoryChannel flumeChannel = new org.apache.flume.channel.MemoryChannel();
        flumeChannel.setName("fc");
        Context cc = new Context();
        cc.put("capacity", "10000");
        cc.put("transactionCapacity", "1000");
        Configurables.configure(flumeChannel, cc);
        flumeChannel.start();
        ReplicatingChannelSelector selector = new ReplicatingChannelSelector();
        selector.setChannels(List.of(flumeChannel));
        AvroSource flumeSource = new AvroSource();
        flumeSource.setName("fs");
        flumeSource.setChannelProcessor(new ChannelProcessor(selector));
        Context sc = new Context();
        sc.put("bind", "127.0.0.1");
        sc.put("port", Integer.toString(port));
        sc.put("compression-type", deflate ? "deflate" : "none");
        if (tls) {
            sc.put("ssl", "true");
            sc.put("keystore", certs.keystore().toString());
            sc.put("keystore-password", certs.password());
            sc.put("keystore-type", "PKCS12");
        }
        Configurables.configure(flumeSource, sc);
        flumeSource.start();

        MemoryChannel channel = AvroSinks.channel(10_000, 1000);
        List<Event> sent = events(mode, 1050);
        new ChannelHarness(channel).put(sent, 1000);
        List<String> keys = new ArrayList<>(List.of("batch-size", "500"));
        if (deflate) {
            keys.addAll(List.of("compression-type", "deflate", "compression-level", "9"));
        }
        if (tls) {
            keys.addAll(List.of("ssl", "true", "truststore", certs.truststore().toString(), "truststore-password",
                    certs.password(), "truststore-type", "PKCS12"));
        }
        SinkCounter counter = new SinkCounter("k1");
        AvroSink sink = AvroSinks.sink(channel, counter, port, keys.toArray(new String[0]));
        try {
            assertEquals(Status.READY, sink.process());
            assertEquals(Status.READY, sink.process());
            assertEquals(Status.READY, sink.process());
            assertEquals(Status.BACKOFF, sink.process());

            List<org.apache.flume.Event> got = new ArrayList<>();
            while (got.size() < 1050) {
                Transaction tx = flumeChannel.getTransaction();
                tx.begin();
                for (int i = 0; i < 500 && got.size() < 1050; i++) {
                    org.apache.flume.Event e = flumeChannel.take();
                    if (e == null) {
                        break;
                    }
                    got.add(e);
                }
                tx.commit();
                tx.close();
            }
            assertEquals(1050, got.size());
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(sent.get(i).body(), got.get(i).getBody(), "body of event " + i);
                assertEquals(sent.get(i).headers(), got.get(i).getHeaders(), "headers of event " + i);
            }
            Map<String, Object> m = counter.snapshot();
            assertEquals(1050L, m.get("EventDrainSuccessCount"));
            assertEquals(2L, m.get("BatchCompleteCount"));
            assertEquals(1L, m.get("BatchUnderflowCount"));
            assertEquals(1L, m.get("ConnectionCreatedCount"));
            assertEquals(0L, m.get("EventWriteFail"));
        } finally {
            sink.stop();
            channel.stop();
            // Flume's NettyServer.close() waits out two quiet periods of 2 s; nothing here depends on it.
            Thread stopper = new Thread(() -> {
                flumeSource.stop();
                flumeChannel.stop();
            }, "flume-source-stop");
            stopper.setDaemon(true);
            stopper.start();
        }
    }

    static List<Event> events(String tag, int n) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> headers = new HashMap<>();
            if (i % 3 != 0) {
                headers.put("seq", Integer.toString(i));
                headers.put("h\u00f4te", "\u65e5\u672c-" + tag);
            }
            byte[] body;
            if (i % 7 == 0) {
                body = new byte[0];
            } else if (i % 5 == 0) {
                body = new byte[2000 + i];
                for (int j = 0; j < body.length; j++) {
                    body[j] = (byte) (j * 17 + i);
                }
            } else {
                body = ("line " + i + " " + tag).getBytes(StandardCharsets.UTF_8);
            }
            out.add(Event.of(headers, body));
        }
        return out;
    }
}
