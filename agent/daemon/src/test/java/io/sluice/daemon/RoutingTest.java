package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.Await;
import io.sluice.testkit.FreePort;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Selectors, interceptors and sink groups with real sources, channels and sinks in one agent. */
class RoutingTest {
    @TempDir
    Path dir;

    private Path config(String text) throws IOException {
        Path conf = dir.resolve("agent.conf");
        Files.writeString(conf, text);
        return conf;
    }

    private static List<String> lines(Path d) {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(d).sorted()) {
            for (Path f : files.toList()) {
                all.addAll(Files.readAllLines(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** Sends lines on one connection and waits for an OK per line. */
    private static void send(int port, String prefix, int from, int to) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            StringBuilder text = new StringBuilder();
            for (int i = from; i < to; i++) {
                text.append(prefix).append(i).append('\n');
            }
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            for (int i = from; i < to; i++) {
                assertEquals("OK", in.readLine());
            }
        }
    }

    private static List<String> expected(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void replicatingFansOneNetcatSourceOutToTwoChannels() throws Exception {
        int port = FreePort.tcp();
        Path conf = config("""
                a1.sources = r1
                a1.channels = c1 c2
                a1.sinks = k1 k2
                a1.sources.r1.type = netcat
                a1.sources.r1.bind = 127.0.0.1
                a1.sources.r1.port = %d
                a1.sources.r1.channels = c1 c2
                a1.channels.c1.type = memory
                a1.channels.c2.type = memory
                a1.sinks.k1.type = file_roll
                a1.sinks.k1.sink.directory = %s
                a1.sinks.k1.channel = c1
                a1.sinks.k2.type = file_roll
                a1.sinks.k2.sink.directory = %s
                a1.sinks.k2.channel = c2
                """.formatted(port, dir.resolve("one"), dir.resolve("two")));
        try (InProcessAgent a = InProcessAgent.start(conf, "a1")) {
            send(port, "line-", 0, 250);
            Await.until(Duration.ofSeconds(10), () -> lines(dir.resolve("one")).size() == 250
                    && lines(dir.resolve("two")).size() == 250, () -> "one/two not complete");
            assertEquals(expected("line-", 0, 250), lines(dir.resolve("one")));
            assertEquals(expected("line-", 0, 250), lines(dir.resolve("two")));
        }
    }

    @Test
    void multiplexingRoutesOnAHeaderSetByAStaticInterceptor() throws Exception {
        Path conf = config("""
                a1.sources = r1
                a1.channels = c1 c2
                a1.sinks = k1 k2
                a1.sources.r1.type = seq
                a1.sources.r1.totalEvents = 100
                a1.sources.r1.batchSize = 10
                a1.sources.r1.channels = c1 c2
                a1.sources.r1.interceptors = dc ts
                a1.sources.r1.interceptors.dc.type = static
                a1.sources.r1.interceptors.dc.key = datacenter
                a1.sources.r1.interceptors.dc.value = NYC
                a1.sources.r1.interceptors.ts.type = org.apache.flume.interceptor.TimestampInterceptor$Builder
                a1.sources.r1.selector.type = multiplexing
                a1.sources.r1.selector.header = datacenter
                a1.sources.r1.selector.mapping.NYC = c2
                a1.sources.r1.selector.default = c1
                a1.channels.c1.type = memory
                a1.channels.c2.type = memory
                a1.sinks.k1.type = file_roll
                a1.sinks.k1.sink.directory = %s
                a1.sinks.k1.channel = c1
                a1.sinks.k2.type = file_roll
                a1.sinks.k2.sink.directory = %s
                a1.sinks.k2.sink.serializer = header_and_text
                a1.sinks.k2.channel = c2
                """.formatted(dir.resolve("default"), dir.resolve("nyc")));
        try (InProcessAgent a = InProcessAgent.start(conf, "a1")) {
            Await.until(Duration.ofSeconds(10), () -> lines(dir.resolve("nyc")).size() == 100,
                    () -> lines(dir.resolve("nyc")).size() + " events in nyc");
            List<String> nyc = lines(dir.resolve("nyc"));
            assertTrue(nyc.get(0).matches("\\{datacenter=NYC, timestamp=\\d+} 0"), nyc.get(0));
            assertTrue(nyc.get(99).endsWith("} 99"), nyc.get(99));
            assertEquals(0, lines(dir.resolve("default")).size());
            assertEquals(100, a.counter("CHANNEL.c2", "EventPutSuccessCount"));
            assertEquals(0, a.counter("CHANNEL.c1", "EventPutSuccessCount"));
        }
    }

    @Test
    void failoverMovesToTheSecondSinkWhenThePrimaryCannotWriteAndBackWhenItCan() throws Exception {
        int port = FreePort.tcp();
        Path primary = dir.resolve("primary");
        Path secondary = dir.resolve("secondary");
        Path conf = config("""
                a1.sources = r1
                a1.channels = c1
                a1.sinks = main backup
                a1.sinkgroups = g1
                a1.sinkgroups.g1.sinks = main backup
                a1.sinkgroups.g1.processor.type = failover
                a1.sinkgroups.g1.processor.priority.main = 10
                a1.sinkgroups.g1.processor.priority.backup = 5
                a1.sinkgroups.g1.processor.maxpenalty = 500
                a1.sources.r1.type = netcat
                a1.sources.r1.bind = 127.0.0.1
                a1.sources.r1.port = %d
                a1.sources.r1.channels = c1
                a1.channels.c1.type = memory
                a1.channels.c1.keep-alive = 1
                a1.sinks.main.type = file_roll
                a1.sinks.main.sink.directory = %s
                a1.sinks.main.sink.rollInterval = 1
                a1.sinks.main.channel = c1
                a1.sinks.backup.type = file_roll
                a1.sinks.backup.sink.directory = %s
                a1.sinks.backup.channel = c1
                """.formatted(port, primary, secondary));
        try (InProcessAgent a = InProcessAgent.start(conf, "a1")) {
            send(port, "a", 0, 20);
            Await.until(Duration.ofSeconds(10), () -> lines(primary).size() == 20, () -> "primary has " + lines(primary));
            assertEquals(0, lines(secondary).size());

            // The primary's directory becomes unwritable: a regular file now sits where it was.
            Path moved = dir.resolve("primary-before");
            Files.move(primary, moved);
            Files.writeString(primary, "not a directory");
            Thread.sleep(1500);
            send(port, "b", 0, 20);
            Await.until(Duration.ofSeconds(10), () -> lines(secondary).size() == 20, () -> "secondary has " + lines(secondary));

            Files.delete(primary);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            int sent = 0;
            while (lines(primary).isEmpty() && System.nanoTime() < deadline) {
                send(port, "c", sent, sent + 5);
                sent += 5;
                Thread.sleep(200);
            }
            assertTrue(!lines(primary).isEmpty(), "the primary took work again once its directory was back");

            List<String> all = new ArrayList<>();
            int total = 40 + sent;
            Await.until(Duration.ofSeconds(10), () -> lines(moved).size() + lines(primary).size() + lines(secondary).size()
                    == total, () -> "not all delivered");
            all.addAll(lines(moved));
            all.addAll(lines(primary));
            all.addAll(lines(secondary));
            List<String> want = new ArrayList<>(expected("a", 0, 20));
            want.addAll(expected("b", 0, 20));
            want.addAll(expected("c", 0, sent));
            Collections.sort(all);
            Collections.sort(want);
            assertEquals(want, all, "every line delivered exactly once across the two sinks");
        }
    }
}
