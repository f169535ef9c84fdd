package io.sluice.sources.net.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.SourceContext;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.sources.net.tls.TestKeystores;
import io.sluice.testkit.CollectingChannelProcessor;
import io.sluice.testkit.Specs;
import io.sluice.testkit.TestEvents;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The http source over loopback with clients nobody here wrote (the JDK's HttpClient and curl):
 * keep-alive, chunked bodies, TLS, every handler, every status code, and what reaches the channel.
 */
class HttpSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final List<HttpSource> started = new ArrayList<>();
    private final CollectingChannelProcessor collected = new CollectingChannelProcessor();
    private SourceCounter counter;

    @TempDir
    Path tmp;

    @AfterEach
    void tearDown() {
        started.forEach(HttpSource::stop);
    }

    private HttpSource start(ChannelProcessor processor, int maxBatchSize, String... keyValues) throws Exception {
        Map<String, String> raw = new HashMap<>();
        raw.put("bind", "127.0.0.1");
        raw.put("port", "0");
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], keyValues[i + 1]);
        }
        counter = new SourceCounter("r1");
        HttpSource source = new HttpSource(new SourceContext("r1", Specs.settings(HttpSource.SPEC, raw), processor,
                counter, maxBatchSize));
        source.start();
        started.add(source);
        return source;
    }

    private static String url(HttpSource s) {
        return "http://127.0.0.1:" + s.localAddress().getPort() + "/";
    }

    private static HttpResponse<String> post(HttpClient client, String url, String contentType, byte[] body)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
    }

    private static Map<String, String> headers(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<String> curl(String... args) throws Exception {
        assumeTrue(new File("/usr/bin/curl").canExecute(), "curl is not installed; these tests use it as a real client");
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl hung");
        assertEquals(0, p.exitValue(), "curl failed: " + out);
        return out.lines().toList();
    }

    @Test
    void httpClientPostsOverOneKeptAliveConnectionAndGets200AfterCommit() throws Exception {
        HttpSource s = start(collected, 100);
        HttpClient client = client();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = post(client, url(s) + "path?x=1", "application/json",
                    ("[{\"headers\":{\"i\":\"" + i + "\"},\"body\":\"event " + i + "\"},{\"body\":\"second " + i + "\"}]")
                            .getBytes(StandardCharsets.UTF_8));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("", r.body());
            assertEquals(2 * (i + 1), collected.events().size(), "events are committed before the reply");
        }
        assertEquals(1, counter.openConnections(), "all twenty requests used one connection");
        List<Event> events = collected.events();
        for (int i = 0; i < 20; i++) {
            assertEquals(headers("i", String.valueOf(i)), events.get(2 * i).headers());
            assertEquals("event " + i, TestEvents.body(events.get(2 * i)));
            assertEquals(headers(), events.get(2 * i + 1).headers());
            assertEquals("second " + i, TestEvents.body(events.get(2 * i + 1)));
        }
        assertEquals(20, collected.batches(), "each request is one transaction");
        assertEquals(20L, counter.snapshot().get("AppendBatchReceivedCount"));
        assertEquals(20L, counter.snapshot().get("AppendBatchAcceptedCount"));
    }

    @Test
    void httpClientChunkedBodyIsReassembled() throws Exception {
        HttpSource s = start(collected, 1000);
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 500; i++) {
            json.append(i == 0 ? "" : ",").append("{\"body\":\"").append("x".repeat(100)).append(i).append("\"}");
        }
        byte[] body = json.append("]").toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = client().send(HttpRequest.newBuilder(URI.create(url(s)))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        List<Event> events = collected.events();
        assertEquals(500, events.size());
        assertEquals("x".repeat(100) + 499, TestEvents.body(events.get(499)));
    }

    @Test
    void curlReusesTheConnectionSendsChunkedBodiesAndSpeaksTls() throws Exception {
        Path ks = TestKeystores.generate(tmp);
        HttpSource plain = start(collected, 100);
        Path json = tmp.resolve("events.json");
        Files.writeString(json, "[{\"headers\":{\"via\":\"curl\"},\"body\":\"hé\"}]");
        List<String> out = curl("-H", "Content-Type: application/json; charset=UTF-8", "--data-binary", "@" + json,
                "-w", "%{http_code} %{num_connects}\\n", url(plain), url(plain));
        assertEquals(List.of("200 1", "200 0"), out, "the second request reused the first connection");
        List<String> chunked = curl("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + json, "-o", "/dev/null",
                "-w", "%{http_code}", url(plain));
        assertEquals(List.of("200"), chunked);

        HttpSource tls = start(collected, 100, "ssl", "true", "keystore", ks.toString(), "keystore-password",
                TestKeystores.PASSWORD, "keystore-type", "PKCS12");
        List<String> secure = curl("--cacert", TestKeystores.exportPem(ks).toString(), "--data-binary", "@" + json,
                "-w", "%{http_code}", "https://127.0.0.1:" + tls.localAddress().getPort() + "/");
        assertEquals(List.of("200"), secure);
        List<Event> events = collected.awaitEvents(4, WAIT);
        for (Event e : events) {
            assertEquals(headers("via", "curl"), e.headers());
            assertArrayEquals("hé".getBytes(StandardCharsets.UTF_8), e.body());
        }
    }

    @Test
    void httpClientOverTlsWithTheDeprecatedEnableSslKey() throws Exception {
        Path ks = TestKeystores.generate(tmp);
        HttpSource s = start(collected, 100, "enableSSL", "true", "keystore", ks.toString(), "keystorePassword",
                TestKeystores.PASSWORD, "keystore-type", "PKCS12");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TestKeystores.trusting(ks)).build();
        HttpResponse<String> r = post(client, "https://localhost:" + s.localAddress().getPort() + "/", "application/json",
                "[{\"body\":\"secret\"}]".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode());
        assertEquals("secret", TestEvents.body(collected.events().get(0)));
    }

    @Test
    void blobHandlerTakesTheBodyWithParametersAndContentTypeAsHeaders() throws Exception {
        HttpSource s = start(collected, 100, "handler", "org.apache.flume.sink.solr.morphline.BlobHandler",
                "handler.maxBlobLength", "64");
        byte[] blob = {0, 1, 2, (byte) 0xFF, '\n', 'z'};
        HttpResponse<String> r = post(client(), url(s) + "?app=web&app=ignored&env=prod", "application/octet-stream", blob);
        assertEquals(200, r.statusCode(), r.body());
        Event e = collected.events().get(0);
        assertArrayEquals(blob, e.body());
        assertEquals(headers("Content-Type", "application/octet-stream", "app", "web", "env", "prod"), e.headers());
        HttpResponse<String> big = post(client(), url(s), "application/octet-stream", new byte[65]);
        assertEquals(413, big.statusCode());
        assertEquals(1, collected.events().size(), "nothing of a refused blob is put");
    }

    @Test
    void coreBlobHandlerRequiresItsMandatoryParameters() throws Exception {
        HttpSource s = start(collected, 100, "handler", "org.apache.flume.source.http.BLOBHandler",
                "handler.mandatoryParameters", "tenant");
        HttpResponse<String> missing = post(client(), url(s), "text/plain", "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, missing.statusCode());
        assertEquals("Bad request from client. Please specify tenant parameter in the request.\n", missing.body());
        HttpResponse<String> ok = post(client(), url(s) + "?tenant=t1", "text/plain", "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, ok.statusCode());
        assertEquals(headers("tenant", "t1"), collected.events().get(0).headers());
    }

    /** A handler written against Sluice's interface, named by class in the config. */
    public static final class UpperCaseHandler implements HttpSourceHandler {
        private final String header;

        public UpperCaseHandler(Map<String, String> settings) {
            header = settings.getOrDefault("header", "kind");
        }

        @Override
        public List<Event> getEvents(HttpSourceRequest request) {
            Event e = Event.ofString(new String(request.body(), StandardCharsets.UTF_8).toUpperCase());
            e.putHeader(header, request.method());
            return List.of(e);
        }
    }

    @Test
    void aCustomHandlerNamedByClassGetsItsKeys() throws Exception {
        HttpSource s = start(collected, 100, "handler", UpperCaseHandler.class.getName(), "handler.header", "m");
        assertEquals(200, post(client(), url(s), "text/plain", "abc".getBytes(StandardCharsets.UTF_8)).statusCode());
        Event e = collected.events().get(0);
        assertEquals("ABC", TestEvents.body(e));
        assertEquals(headers("m", "POST"), e.headers());
    }

    @Test
    void refusedRequestsGetAReasonAndPutNothing() throws Exception {
        HttpSource s = start(collected, 3, "maxRequestBytes", "1000");
        HttpClient client = client();
        HttpResponse<String> malformed = post(client, url(s), "application/json", "[{\"body\":".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().startsWith("Bad request from client. malformed JSON at byte 9"), malformed.body());
        assertEquals(1, malformed.body().lines().count());
        HttpResponse<String> charset = post(client, url(s), "application/json; charset=Shift_JIS", "[]".getBytes());
        assertEquals(400, charset.statusCode());
        HttpResponse<String> badUtf8 = post(client, url(s), "application/json",
                new byte[] {'[', '{', '"', 'b', 'o', 'd', 'y', '"', ':', '"', (byte) 0xFF, '"', '}', ']'});
        assertEquals(400, badUtf8.statusCode());
        assertEquals("Bad request from client. the request body is not valid UTF-8\n", badUtf8.body());
        HttpResponse<String> tooLarge = post(client, url(s), "application/json", new byte[1001]);
        assertEquals(413, tooLarge.statusCode());
        HttpResponse<String> tooMany = post(client, url(s), "application/json",
                "[{},{},{},{}]".getBytes(StandardCharsets.UTF_8));
        assertEquals(413, tooMany.statusCode());
        assertTrue(tooMany.body().contains("4 events") && tooMany.body().contains("transactionCapacity"), tooMany.body());
        HttpResponse<String> put = client.send(HttpRequest.newBuilder(URI.create(url(s)))
                .PUT(HttpRequest.BodyPublishers.ofString("[]")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, put.statusCode());
        assertEquals("POST, GET, HEAD", put.headers().firstValue("Allow").orElse(""));
        assertEquals(List.of(), collected.events());
        assertEquals(6L, counter.eventReadFail(), "every refused request counts as a read failure");
        assertEquals(3L, counter.snapshot().get("RejectedBadRequestCount"));
        assertEquals(2L, counter.snapshot().get("RejectedTooLargeCount"));
        assertEquals(1L, counter.snapshot().get("RejectedMethodCount"));
        assertEquals(0L, counter.snapshot().get("AppendBatchAcceptedCount"));

        collected.setRefusing(true);
        HttpResponse<String> full = post(client, url(s), "application/json", "[{\"body\":\"x\"}]".getBytes());
        assertEquals(503, full.statusCode());
        assertTrue(full.body().startsWith("Error appending event to channel. Channel might be full."), full.body());
        collected.setRefusing(false);
        assertEquals(200, post(client, url(s), "application/json", "[{\"body\":\"x\"}]".getBytes()).statusCode());
        assertEquals(1, collected.events().size(), "the refused batch was not put, the retried one was");
    }

    @Test
    void aGigabyteContentLengthIsRefusedBeforeAnyBodyIsRead() throws Exception {
        HttpSource s = start(collected, 100);
        try (Socket socket = new Socket("127.0.0.1", s.localAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1073741824\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(reply.startsWith("HTTP/1.1 413 Request Entity Too Large\r\n"), reply);
            assertTrue(reply.contains("connection: close"), reply);
            assertTrue(reply.endsWith("request body of 1073741824 bytes is over the limit of 67108864 bytes\n"), reply);
        }
    }

    @Test
    void aRequestThatNeverFinishesGets408AfterTheIdleTimeout() throws Exception {
        HttpSource s = start(collected, 100, "ServerConnector.idleTimeout", "300");
        try (Socket socket = new Socket("127.0.0.1", s.localAddress().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n[{\"bo".getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(reply.startsWith("HTTP/1.1 408 Request Timeout\r\n"), reply);
        }
        try (Socket idle = new Socket("127.0.0.1", s.localAddress().getPort())) {
            idle.setSoTimeout(10_000);
            assertEquals(-1, idle.getInputStream().read(), "an idle connection is closed without a reply");
        }
        assertEquals(1L, counter.snapshot().get("RejectedTimeoutCount"));
        assertEquals(1L, counter.snapshot().get("ClosedIdleConnectionCount"));
    }

    @Test
    void randomBytesGet400AndTheNextClientIsServed() throws Exception {
        HttpSource s = start(collected, 100);
        byte[] junk = new byte[4096];
        new java.util.Random(7).nextBytes(junk);
        junk[0] = 'G';
        try (Socket socket = new Socket("127.0.0.1", s.localAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(junk);
            InputStream in = socket.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(reply.startsWith("HTTP/1.1 400 ") || reply.startsWith("HTTP/1.1 431 ")
                    || reply.startsWith("HTTP/1.1 414 "), reply);
        }
        assertEquals(200, post(client(), url(s), "application/json", "[{\"body\":\"ok\"}]".getBytes()).statusCode());
        assertEquals("ok", TestEvents.body(collected.events().get(0)));
    }
}
