package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.FreePort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent with a small heap running the http, syslogtcp, syslogudp and multiport_syslogtcp sources
 * under hostile clients (10 000 idle connections, random bytes on every port, a 1 GB Content-Length,
 * a request that never finishes, invalid UTF-8, priority 999, an unterminated structured-data
 * block) keeps answering a well-behaved HTTP client, stays within its memory, delivers every event
 * it acknowledged and every well-formed syslog message, and counts each rejection.
 */
class HttpSyslogAbuseIT {
    private static final int IDLE_CONNECTIONS = 10_000;

    @TempDir
    Path tmp;

    @Test
    void hostileClientsDoNotStopWellBehavedOnesAndNothingAcknowledgedIsLost() throws Exception {
        int http = FreePort.tcp();
        int tcp = FreePort.tcp();
        int udp = FreePort.udp();
        int multiA = FreePort.tcp();
        int multiB = FreePort.tcp();
        int metricsPort = FreePort.tcp();
        Path out = Files.createDirectories(tmp.resolve("syslog-out"));
        Path conf = tmp.resolve("abuse.conf");
        Files.writeString(conf, """
                a1.sources = h t u m
                a1.channels = c1 c2
                a1.sinks = k1 k2
                a1.sources.h.type = http
                a1.sources.h.bind = 127.0.0.1
                a1.sources.h.port = %d
                a1.sources.h.ServerConnector.idleTimeout = 2000
                a1.sources.h.channels = c1
                a1.sources.t.type = syslogtcp
                a1.sources.t.host = 127.0.0.1
                a1.sources.t.port = %d
                a1.sources.t.channels = c2
                a1.sources.u.type = syslogudp
                a1.sources.u.host = 127.0.0.1
                a1.sources.u.port = %d
                a1.sources.u.channels = c2
                a1.sources.m.type = multiport_syslogtcp
                a1.sources.m.host = 127.0.0.1
                a1.sources.m.ports = %d %d
                a1.sources.m.channels = c2
                a1.channels.c1.type = memory
                a1.channels.c1.capacity = 10000
                a1.channels.c1.transactionCapacity = 1000
                a1.channels.c2.type = memory
                a1.channels.c2.capacity = 10000
                a1.channels.c2.transactionCapacity = 1000
                a1.sinks.k1.type = null
                a1.sinks.k1.batchSize = 1000
                a1.sinks.k1.channel = c1
                a1.sinks.k2.type = file_roll
                a1.sinks.k2.sink.directory = %s
                a1.sinks.k2.sink.rollInterval = 0
                a1.sinks.k2.sink.serializer = header_and_text
                a1.sinks.k2.channel = c2
                """.formatted(http, tcp, udp, multiA, multiB, out));
        try (AgentProcess agent = AgentProcess.start(tmp, Map.of("JAVA_OPTS", "-Xmx128m -XX:MaxDirectMemorySize=64m"),
                "--conf-file", conf.toString(), "--name", "a1", "--no-reload-conf",
                "-Dflume.monitoring.type=http", "-Dflume.monitoring.port=" + metricsPort)) {
            agent.awaitLog("Serving JSON metrics", Duration.ofSeconds(60));

            List<Socket> idle = new ArrayList<>(IDLE_CONNECTIONS);
            try {
                for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", i % 2 == 0 ? http : tcp), 10_000);
                    idle.add(s);
                }

                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong acknowledged = new AtomicLong();
                AtomicLong requests = new AtomicLong();
                AtomicReference<String> goodFailure = new AtomicReference<>();
                Thread good = new Thread(() -> wellBehavedHttpClient(http, stop, acknowledged, requests, goodFailure));
                good.start();

                for (int port : new int[] {http, tcp, multiA, multiB}) {
                    sendRandomBytes(port);
                }
                sendRandomDatagrams(udp);
                assertTrue(rawHttp(http, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n[")
                        .startsWith("HTTP/1.1 413 "));
                assertTrue(rawHttp(http, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n[{\"body")
                        .startsWith("HTTP/1.1 408 "), "a request that never finishes times out");
                HttpResponse<String> badUtf8 = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http + "/")).POST(HttpRequest.BodyPublishers.ofByteArray(
                        new byte[] {'[', '{', '"', 'b', 'o', 'd', 'y', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}', ']'}))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(400, badUtf8.statusCode());

                int goodSyslog = 1000;
                try (Socket s = new Socket("127.0.0.1", tcp)) {
                    OutputStream o = s.getOutputStream();
                    o.write("<999>1 - h app - - priority too high\n".getBytes(StandardCharsets.US_ASCII));
                    o.write("<13>1 - h app - - [unterminated sd=\"x\" structured data\n".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < goodSyslog; i++) {
                        o.write(("<13>1 - h app - - good-" + i + "\n").getBytes(StandardCharsets.US_ASCII));
                    }
                }
                try (Socket s = new Socket("127.0.0.1", multiB)) {
                    s.getOutputStream().write("<13>1 - h app - - multiport-good\n".getBytes(StandardCharsets.US_ASCII));
                }

                Thread.sleep(500);
                long before = requests.get();
                Thread.sleep(1000);
                long during = requests.get() - before;
                stop.set(true);
                good.join(30_000);
                assertEquals(null, goodFailure.get());
                assertTrue(during > 10, "the well-behaved client made only " + during + " requests in the last second");
                assertTrue(agent.process.isAlive(), agent.output());

                String metrics = awaitDrained(metricsPort, acknowledged.get());
                assertEquals(String.valueOf(acknowledged.get()),
                        ExampleAgentIT.attribute(metrics, "SINK.k1", "EventDrainSuccessCount"),
                        "every acknowledged event reached the sink, and nothing else did: " + metrics);
                String lines = awaitFileLines(out, "good-" + (goodSyslog - 1));
                for (int i = 0; i < goodSyslog; i++) {
                    assertTrue(lines.contains("} app - - good-" + i + "\n"), "syslog message good-" + i + " is missing");
                }
                assertTrue(lines.contains("flume.syslog.status=Invalid} <999>1 - h app - - priority too high\n"), lines);
                assertTrue(lines.contains("} app - - [unterminated sd=\"x\" structured data\n"));
                assertTrue(lines.contains("Priority=13, Facility=1, Severity=5, Version=1"), "multiport headers");
                assertTrue(Long.parseLong(ExampleAgentIT.attribute(metrics, "SOURCE.t", "InvalidMessageCount")) >= 1);
                assertTrue(Long.parseLong(ExampleAgentIT.attribute(metrics, "SOURCE.h", "RejectedBadRequestCount")) >= 2,
                        "random bytes and invalid UTF-8: " + metrics);
                assertEquals("1", ExampleAgentIT.attribute(metrics, "SOURCE.h", "RejectedTimeoutCount"));
                assertTrue(Long.parseLong(ExampleAgentIT.attribute(metrics, "SOURCE.h", "RejectedTooLargeCount")) >= 1);
                assertEquals(String.valueOf(IDLE_CONNECTIONS / 2),
                        ExampleAgentIT.attribute(metrics, "SOURCE.h", "ClosedIdleConnectionCount"),
                        "the idle http connections were held, then closed by the 2 s idle timeout: " + metrics);
                assertTrue(Long.parseLong(ExampleAgentIT.attribute(metrics, "SOURCE.t", "OpenConnectionCount"))
                        >= IDLE_CONNECTIONS / 2, "the idle connections are held open: " + metrics);
                long rss = agent.peakRssMb();
                System.out.printf("abuse: %d idle connections, %d acknowledged events, %d requests in the last second, "
                        + "peak RSS %d MB%n", IDLE_CONNECTIONS, acknowledged.get(), during, rss);
                assertTrue(rss < 700, "peak RSS " + rss + " MB with a 128 MB heap and " + IDLE_CONNECTIONS
                        + " connections");
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
            assertEquals(0, agent.terminate(Duration.ofSeconds(30)), agent.output());
        }
    }

    private static void wellBehavedHttpClient(int port, AtomicBoolean stop, AtomicLong acknowledged, AtomicLong requests,
                                              AtomicReference<String> failure) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            json.append(i == 0 ? "" : ",").append("{\"headers\":{\"n\":\"").append(i).append("\"},\"body\":\"good\"}");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json.append("]").toString())).build();
        try {
            while (!stop.get()) {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    failure.set("got " + r.statusCode() + ": " + r.body());
                    return;
                }
                acknowledged.addAndGet(10);
                requests.incrementAndGet();
            }
        } catch (Exception e) {
            failure.set(e.toString());
        }
    }

    private static void sendRandomBytes(int port) {
        byte[] junk = new byte[1 << 16];
        new Random(port).nextBytes(junk);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(junk);
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            while (in.read(junk) >= 0) {
                // the agent answers (http) or just reads; either way it ends the connection
            }
        } catch (IOException closedByTheAgent) {
            // a reset while writing is one of the expected answers to garbage
        }
    }

    private static void sendRandomDatagrams(int port) throws IOException {
        Random random = new Random(port);
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < 50; i++) {
                byte[] junk = new byte[1 + random.nextInt(2000)];
                random.nextBytes(junk);
                s.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), port));
            }
        }
    }

    private static String rawHttp(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String awaitDrained(int metricsPort, long expected) throws Exception {
        String metrics = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            metrics = AgentProcess.get("http://127.0.0.1:" + metricsPort + "/metrics");
            if (String.valueOf(expected).equals(ExampleAgentIT.attribute(metrics, "SINK.k1", "EventDrainSuccessCount"))) {
                break;
            }
            Thread.sleep(50);
        }
        return metrics;
    }

    private static String awaitFileLines(Path dir, String last) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String all = "";
        while (System.nanoTime() < deadline) {
            StringBuilder sb = new StringBuilder();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    sb.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                }
            }
            all = sb.toString();
            if (all.contains(last + "\n") && all.contains("multiport-good")) {
                return all;
            }
            Thread.sleep(100);
        }
        return all;
    }
}
