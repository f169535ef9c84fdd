package io.sluice.sources.net.netcat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.SourceContext;
import io.sluice.api.config.Settings;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.testkit.Await;
import io.sluice.testkit.CollectingChannelProcessor;
import io.sluice.testkit.FreePort;
import io.sluice.testkit.Specs;
import io.sluice.testkit.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The netcat source end to end over loopback sockets, with plain blocking clients. */
class NetcatSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final List<NetcatSource> started = new ArrayList<>();
    private final List<LineClient> clients = new ArrayList<>();
    private final CollectingChannelProcessor collected = new CollectingChannelProcessor();
    private SourceCounter counter;

    @AfterEach
    void tearDown() {
        clients.forEach(LineClient::close);
        started.forEach(NetcatSource::stop);
    }

    private NetcatSource start(ChannelProcessor processor, int maxBatchSize, String... keyValues) throws Exception {
        return start(processor, maxBatchSize, FreePort.tcp(), keyValues);
    }

    private NetcatSource start(ChannelProcessor processor, int maxBatchSize, int port, String... keyValues)
            throws Exception {
        Map<String, String> raw = new HashMap<>();
        raw.put("bind", "127.0.0.1");
        raw.put("port", String.valueOf(port));
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], keyValues[i + 1]);
        }
        Settings settings = Specs.settings(NetcatSource.SPEC, raw);
        counter = new SourceCounter("r1");
        NetcatSource source = new NetcatSource(new SourceContext("r1", settings, processor, counter, maxBatchSize));
        source.start();
        started.add(source);
        return source;
    }

    private LineClient connect(NetcatSource source) {
        LineClient client = new LineClient(source.localAddress().getPort());
        clients.add(client);
        return client;
    }

    @Test
    void repliesOkPerLineAndDeliversExactBodiesInOrder() throws Exception {
        LineClient client = connect(start(collected, 100));
        client.send("one\ntwo\r\n\nfour\n");
        for (int i = 0; i < 4; i++) {
            assertEquals("OK", client.readLine());
        }
        assertEquals(List.of("one", "two\r", "", "four"), collected.bodies());
        assertTrue(collected.events().get(0).headers().isEmpty());
    }

    @Test
    void okIsWrittenOnlyAfterTheBatchIsCommitted() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ChannelProcessor gated = events -> {
            entered.countDown();
            awaitUninterruptibly(release);
            collected.process(events);
        };
        LineClient client = connect(start(gated, 100));
        client.send("first\n");
        assertTrue(entered.await(15, TimeUnit.SECONDS));
        Thread.sleep(200);
        assertEquals(0, client.available(), "no reply while the commit is in progress");
        release.countDown();
        assertEquals("OK", client.readLine());
        assertEquals(List.of("first"), collected.bodies());
    }

    @Test
    void ackEveryEventFalseSendsNoReplies() throws Exception {
        LineClient client = connect(start(collected, 100, "ack-every-event", "false"));
        client.send("a\nb\n");
        collected.awaitEvents(2, WAIT);
        client.shutdownOutput();
        assertNull(client.readLine(), "the server closes after end of input without having written anything");
        assertEquals(List.of("a", "b"), collected.bodies());
    }

    @Test
    void refusedBatchGetsFailedPerLineAndTheConnectionStaysUsable() throws Exception {
        LineClient client = connect(start(collected, 100));
        collected.setRefusing(true);
        client.send("a\nb\n");
        assertEquals("FAILED: refused by test: channel full", client.readLine());
        assertEquals("FAILED: refused by test: channel full", client.readLine());
        collected.setRefusing(false);
        client.send("c\n");
        assertEquals("OK", client.readLine());
        assertEquals(List.of("c"), collected.bodies());
    }

    @Test
    void refusedLinesAreAnsweredFailedEvenWithAcksOff() throws Exception {
        LineClient client = connect(start(collected, 100, "ack-every-event", "false"));
        collected.setRefusing(true);
        client.send("a\n");
        assertEquals("FAILED: refused by test: channel full", client.readLine());
    }

    @Test
    void unexpectedProcessorErrorRepliesFailedClosesAndCountsGenericProcessingFail() throws Exception {
        ChannelProcessor broken = events -> {
            throw new IllegalStateException("interceptor bug");
        };
        LineClient client = connect(start(broken, 100));
        client.send("a\n");
        assertEquals("FAILED: interceptor bug", client.readLine());
        assertTrue(client.isClosedByServer());
        assertEquals(1L, counter.snapshot().get("GenericProcessingFail"));
    }

    @Test
    void lineOfMaxMinusOneCharsIsAcceptedAndOfMaxCharsRefusedThenClosed() throws Exception {
        LineClient client = connect(start(collected, 100, "max-line-length", "10"));
        client.send("123456789\n");
        assertEquals("OK", client.readLine());
        client.send("1234567890\n");
        assertEquals("FAILED: Event exceeds the maximum length (10 chars, including newline)", client.readLine());
        assertTrue(client.isClosedByServer());
        assertEquals(List.of("123456789"), collected.bodies());
        assertEquals(1, counter.eventReadFail());
    }

    @Test
    void isoLatin1InputIsReEncodedAsUtf8() throws Exception {
        LineClient client = connect(start(collected, 100, "encoding", "ISO-8859-1"));
        client.send("café\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("OK", client.readLine(StandardCharsets.ISO_8859_1));
        assertArrayEquals("café".getBytes(StandardCharsets.UTF_8), collected.events().get(0).body());
    }

    @Test
    void batchesNeverExceedMaxBatchSizeAndKeepOrder() throws Exception {
        AtomicInteger largest = new AtomicInteger();
        ChannelProcessor recording = events -> {
            largest.accumulateAndGet(events.size(), Math::max);
            collected.process(events);
        };
        LineClient client = connect(start(recording, 3));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            lines.append("line-").append(i).append('\n');
        }
        client.send(lines.toString());
        for (int i = 0; i < 100; i++) {
            assertEquals("OK", client.readLine());
        }
        assertTrue(largest.get() <= 3, "largest batch " + largest.get());
        assertEquals(TestEvents.numberedBodies("line", 100), collected.bodies());
        assertTrue(collected.batches() >= 34);
    }

    @Test
    void invalidUtf8ClosesThatConnectionWhileAnotherKeepsGettingOks() throws Exception {
        NetcatSource source = start(collected, 100);
        LineClient good = connect(source);
        LineClient bad = connect(source);
        good.send("good-1\n");
        assertEquals("OK", good.readLine());
        byte[] garbage = {'f', 'i', 'n', 'e', '\n', (byte) 0xFF, (byte) 0xFE, 0x00, (byte) 0xC3, 0x28, '\n', 'x', '\n'};
        bad.send(garbage);
        assertEquals("OK", bad.readLine(), "the line before the garbage is still answered");
        assertTrue(bad.isClosedByServer());
        good.send("good-2\n");
        assertEquals("OK", good.readLine());
        assertEquals(Set.of("good-1", "fine", "good-2"), new HashSet<>(collected.bodies()));
    }

    @Test
    void tenMegabyteLineGetsFailedAndCloseWhileAnotherClientWorks() throws Exception {
        NetcatSource source = start(collected, 100);
        LineClient big = connect(source);
        LineClient good = connect(source);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 160; i++) {
                    big.send(chunk);
                }
            } catch (UncheckedIOException ignored) {
                // the server may close before everything is written
            }
        });
        writer.start();
        assertEquals("FAILED: Event exceeds the maximum length (512 chars, including newline)", big.readLine());
        assertTrue(big.isClosedByServer());
        good.send("still fine\n");
        assertEquals("OK", good.readLine());
        writer.join(WAIT.toMillis());
        assertEquals(List.of("still fine"), collected.bodies());
    }

    @Test
    void fiveHundredConcurrentConnectionsEachGetTheirOk() throws Exception {
        NetcatSource source = start(collected, 100);
        List<LineClient> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(connect(source));
        }
        for (int i = 0; i < 500; i++) {
            many.get(i).send("client-" + i + "\n");
        }
        for (LineClient c : many) {
            assertEquals("OK", c.readLine());
        }
        assertEquals(new HashSet<>(TestEvents.numberedBodies("client", 500)), new HashSet<>(collected.bodies()));
    }

    @Test
    void idleConnectionsThatNeverSendDoNotHoldUpAGoodClient() throws Exception {
        NetcatSource source = start(collected, 100);
        for (int i = 0; i < 200; i++) {
            connect(source);
        }
        LineClient good = connect(source);
        for (int i = 0; i < 10; i++) {
            good.send("line-" + i + "\n");
            assertEquals("OK", good.readLine());
        }
        Await.until(WAIT, () -> counter.openConnections() == 201, () -> "open: " + counter.openConnections());
    }

    @Test
    void unterminatedFragmentAtEndOfInputIsDiscardedAndCounted() throws Exception {
        LineClient client = connect(start(collected, 100));
        client.send("whole\npart");
        client.shutdownOutput();
        assertEquals("OK", client.readLine());
        assertTrue(client.isClosedByServer());
        Await.until(WAIT, () -> counter.eventReadFail() == 1, () -> "EventReadFail " + counter.eventReadFail());
        assertEquals(List.of("whole"), collected.bodies());
    }

    @Test
    void openConnectionCountFollowsConnectsAndCloses() throws Exception {
        NetcatSource source = start(collected, 100);
        LineClient a = connect(source);
        LineClient b = connect(source);
        LineClient c = connect(source);
        Await.until(WAIT, () -> counter.openConnections() == 3, () -> "open: " + counter.openConnections());
        a.close();
        b.close();
        Await.until(WAIT, () -> counter.openConnections() == 1, () -> "open: " + counter.openConnections());
        c.close();
        Await.until(WAIT, () -> counter.openConnections() == 0, () -> "open: " + counter.openConnections());
    }

    @Test
    void connectionsBeyondMaxConnectionsAreClosedOnAccept() throws Exception {
        NetcatSource source = start(collected, 100, "maxConnections", "2");
        LineClient a = connect(source);
        LineClient b = connect(source);
        a.send("a\n");
        b.send("b\n");
        assertEquals("OK", a.readLine());
        assertEquals("OK", b.readLine());
        LineClient refused = connect(source);
        assertTrue(refused.isClosedByServer());
        a.close();
        Await.until(WAIT, () -> counter.openConnections() == 1, () -> "open: " + counter.openConnections());
        LineClient later = connect(source);
        later.send("later\n");
        assertEquals("OK", later.readLine());
    }

    @Test
    void startFailsWithTheAddressWhenThePortIsTaken() throws Exception {
        NetcatSource first = start(collected, 100);
        int port = first.localAddress().getPort();
        Exception e = assertThrows(Exception.class, () -> start(collected, 100, port));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void stopClosesConnectionsAndReleasesThePort() throws Exception {
        NetcatSource source = start(collected, 100);
        int port = source.localAddress().getPort();
        LineClient client = connect(source);
        client.send("a\n");
        assertEquals("OK", client.readLine());
        source.stop();
        assertTrue(client.isClosedByServer());
        LineClient again = connect(start(collected, 100, port));
        again.send("b\n");
        assertEquals("OK", again.readLine());
    }

    /** A blocked channel stops the source reading, so TCP pushes back on the client instead of memory filling. */
    @Test
    void blockedChannelStopsReadingSoTheClientIsPushedBack() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong lines = new AtomicLong();
        ChannelProcessor blocking = events -> {
            entered.countDown();
            awaitUninterruptibly(release);
            lines.addAndGet(events.size());
        };
        LineClient client = connect(start(blocking, 1000, "ack-every-event", "false", "max-line-length", "2000"));
        byte[] line = new byte[1000];
        Arrays.fill(line, (byte) 'y');
        line[999] = '\n';
        int total = 64 * 1024;
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                client.send(line);
                written.incrementAndGet();
            }
        });
        writer.start();
        assertTrue(entered.await(15, TimeUnit.SECONDS));
        awaitStalled(written);
        assertTrue(written.get() < total, "the client could write everything while the channel was blocked");
        release.countDown();
        writer.join(WAIT.toMillis());
        Await.until(WAIT, () -> lines.get() == total, () -> lines.get() + " of " + total + " lines");
    }

    /** A client that sends but never reads its OKs is throttled too: replies cannot pile up in the source. */
    @Test
    void clientThatNeverReadsRepliesIsPushedBack() throws Exception {
        AtomicLong lines = new AtomicLong();
        ChannelProcessor counting = events -> lines.addAndGet(events.size());
        NetcatSource source = start(counting, 1000);
        Socket socket = new Socket();
        socket.setReceiveBufferSize(16 * 1024);
        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), source.localAddress().getPort()));
        try {
            byte[] emptyLines = new byte[64 * 1024];
            Arrays.fill(emptyLines, (byte) '\n');
            int total = 1024; // 64 MB: each empty line earns a three-byte OK
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        socket.getOutputStream().write(emptyLines);
                        written.incrementAndGet();
                    }
                } catch (IOException ignored) {
                    // closed at the end of the test
                }
            });
            writer.start();
            awaitStalled(written);
            assertTrue(written.get() < total, "the source kept reading while its replies were not read");
        } finally {
            socket.close();
        }
    }

    /** Waits until {@code progress} stops moving for half a second. */
    private static void awaitStalled(AtomicLong progress) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = progress.get();
            if (now == last) {
                return;
            }
            last = now;
            Thread.sleep(500);
        }
        throw new AssertionError("still progressing after " + WAIT + ": " + progress.get());
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
