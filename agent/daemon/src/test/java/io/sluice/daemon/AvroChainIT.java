package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.testkit.FreePort;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agent processes chained over Avro (issue #5 item 5): tier 1 is netcat → memory → avro sink,
 * tier 2 is avro source → file channel → file_roll. Every line acknowledged by tier 1 lands once, in
 * the order it was sent on its connection, in tier 2's files; while tier 2 is stopped tier 1 keeps
 * accepting lines and holds them, and delivers them once tier 2 is back on the same port.
 */
class AvroChainIT {
    @TempDir
    Path tmp;

    @Test
    void linesCrossTwoTiersOnceInOrderAndTierOneHoldsThemWhileTierTwoIsDown() throws Exception {
        int netcatPort = FreePort.tcp();
        int avroPort = FreePort.tcp();
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path tier1 = tmp.resolve("tier1.conf");
        Path tier2 = tmp.resolve("tier2.conf");
        Files.writeString(tier1, """
                t1.sources = r1
                t1.channels = c1
                t1.sinks = k1
                t1.sources.r1.type = netcat
                t1.sources.r1.bind = 127.0.0.1
                t1.sources.r1.port = %d
                t1.sources.r1.channels = c1
                t1.channels.c1.type = memory
                t1.channels.c1.capacity = 100000
                t1.channels.c1.transactionCapacity = 500
                t1.sinks.k1.type = avro
                t1.sinks.k1.hostname = 127.0.0.1
                t1.sinks.k1.port = %d
                t1.sinks.k1.batch-size = 500
                t1.sinks.k1.connect-timeout = 2000
                t1.sinks.k1.request-timeout = 5000
                t1.sinks.k1.channel = c1
                """.formatted(netcatPort, avroPort));
        Files.writeString(tier2, """
                t2.sources = r1
                t2.channels = c1
                t2.sinks = k1
                t2.sources.r1.type = avro
                t2.sources.r1.bind = 127.0.0.1
                t2.sources.r1.port = %d
                t2.sources.r1.channels = c1
                t2.channels.c1.type = file
                t2.channels.c1.checkpointDir = %s
                t2.channels.c1.dataDirs = %s
                t2.channels.c1.capacity = 100000
                t2.channels.c1.transactionCapacity = 1000
                t2.sinks.k1.type = file_roll
                t2.sinks.k1.sink.directory = %s
                t2.sinks.k1.sink.rollInterval = 0
                t2.sinks.k1.sink.batchSize = 1000
                t2.sinks.k1.channel = c1
                """.formatted(avroPort, tmp.resolve("t2-checkpoint"), tmp.resolve("t2-data"), out));
        List<String> expected = new ArrayList<>();
        try (AgentProcess second = start(tier2, "t2", "avro source r1 listening");
             AgentProcess first = start(tier1, "t1", "netcat source r1 listening");
             Socket s = new Socket("127.0.0.1", netcatPort)) {
            OutputStream lines = s.getOutputStream();
            BufferedReader acks = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            send(lines, acks, expected, 0, 3000);
            awaitLines(out, expected.size(), second);

            assertEquals(0, second.terminate(Duration.ofSeconds(30)), second.output());
            send(lines, acks, expected, 3000, 3000);
            try (AgentProcess again = start(tier2, "t2", "avro source r1 listening")) {
                send(lines, acks, expected, 6000, 1000);
                awaitLines(out, expected.size(), again);
                assertEquals(expected, readLines(out), "every line once, in order");
                assertEquals(0, first.terminate(Duration.ofSeconds(30)), first.output());
                assertEquals(0, again.terminate(Duration.ofSeconds(30)), again.output());
            }
            assertEquals(expected, readLines(out), "nothing delivered twice at shutdown");
        }
    }

    private AgentProcess start(Path conf, String name, String ready) throws Exception {
        AgentProcess p = AgentProcess.start(tmp, Map.of(), "--conf-file", conf.toString(), "--name", name,
                "--no-reload-conf");
        p.awaitLog(ready, Duration.ofSeconds(60));
        return p;
    }

    /** Sends lines {@code from} … {@code from + n - 1} and waits for every OK (tier 1 committed them). */
    private static void send(OutputStream out, BufferedReader acks, List<String> expected, int from, int n)
            throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            String line = "line-" + i + "-" + "x".repeat(i % 50);
            text.append(line).append('\n');
            expected.add(line);
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        for (int i = 0; i < n; i++) {
            assertEquals("OK", acks.readLine(), "reply to line " + (from + i));
        }
    }

    private static void awaitLines(Path dir, int n, AgentProcess tier2) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int have = 0;
        while (System.nanoTime() < deadline) {
            have = readLines(dir).size();
            if (have >= n) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("tier 2 wrote " + have + " of " + n + " lines:\n" + tier2.output());
    }

    /** Lines of every file_roll file, files in the order the sink created them (series time, then number). */
    private static List<String> readLines(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted(Comparator.comparing((Path p) -> Long.parseLong(p.getFileName().toString().split("-")[0]))
                    .thenComparing(p -> Long.parseLong(p.getFileName().toString().split("-")[1]))).toList();
        }
        List<String> lines = new ArrayList<>();
        for (Path f : files) {
            lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
        }
        return lines;
    }
}
