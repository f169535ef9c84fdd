package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.FreePort;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The taildir source across a SIGKILL of a real agent process and a rotation while it is down: while
 * an application appends to its log, the position in Flume's JSON file never runs ahead of the
 * commits; after the kill the log is rotated, and the restarted agent finds the rotated file under
 * its new name by inode, reads it on from its position, and reads the new file from its start.
 */
class TaildirRestartIT {
    private static final int OLD_LINES = 1_000_000;
    private static final int NEW_LINES = 1000;
    private static final int LINE_BYTES = 50;

    @TempDir
    Path tmp;

    private int metricsPort;

    private static void writeLines(Path file, String prefix, int from, int to) throws IOException {
        byte[] pad = "x".repeat(LINE_BYTES).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), 1 << 20)) {
            for (int i = from; i < to; i++) {
                byte[] num = String.format("%s%09d ", prefix, i).getBytes(StandardCharsets.US_ASCII);
                o.write(num);
                o.write(pad, 0, LINE_BYTES - num.length - 1);
                o.write('\n');
            }
        }
    }

    /** Appends the old file's lines in steps, as a live application would, until all are written. */
    private static Thread writer(Path app) {
        Thread t = new Thread(() -> {
            try {
                for (int from = 0; from < OLD_LINES; from += 5000) {
                    writeLines(app, "A", from, Math.min(OLD_LINES, from + 5000));
                    Thread.sleep(10);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "log-writer");
        t.start();
        return t;
    }

    private AgentProcess start(Path conf) throws Exception {
        metricsPort = FreePort.tcp();
        AgentProcess agent = AgentProcess.start(tmp, Map.of(), "--conf-file", conf.toString(), "--name", "a1",
                "--no-reload-conf", "-Dflume.monitoring.type=http", "-Dflume.monitoring.port=" + metricsPort);
        agent.awaitLog("Serving JSON metrics", Duration.ofSeconds(60));
        return agent;
    }

    private long counter(String group, String name) throws Exception {
        String value = ExampleAgentIT.attribute(AgentProcess.get("http://localhost:" + metricsPort + "/metrics"), group, name);
        return value == null ? -1 : Long.parseLong(value);
    }

    /** The committed position the JSON file records for {@code file}, or -1. */
    private static long recordedPosition(Path positions, Path file) throws IOException {
        if (!Files.exists(positions)) {
            return -1;
        }
        Matcher m = Pattern.compile("\"pos\":(\\d+),\"file\":\"" + Pattern.quote(file.toString()) + "\"")
                .matcher(Files.readString(positions));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @Test
    void aKilledAgentResumesARotatedFileFromItsPositionAndLosesNothingAfterIt() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path positions = tmp.resolve("state/taildir_position.json");
        Path conf = tmp.resolve("taildir.conf");
        Files.writeString(conf, """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = TAILDIR
                a1.sources.r1.filegroups = g1
                a1.sources.r1.filegroups.g1 = %s/app\\\\.log.*
                a1.sources.r1.positionFile = %s
                a1.sources.r1.writePosInterval = 50
                a1.sources.r1.batchSize = 1000
                a1.sources.r1.channels = c1
                a1.channels.c1.type = memory
                a1.channels.c1.capacity = 100000
                a1.channels.c1.transactionCapacity = 1000
                a1.sinks.k1.type = file_roll
                a1.sinks.k1.sink.directory = %s
                a1.sinks.k1.sink.rollInterval = 0
                a1.sinks.k1.sink.batchSize = 1000
                a1.sinks.k1.channel = c1
                """.formatted(logs, positions, out));
        Path app = logs.resolve("app.log");
        Files.createFile(app);
        Thread writer = writer(app);

        long killedAt;
        try (AgentProcess agent = start(conf)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (recordedPosition(positions, app) < (long) OLD_LINES / 5 * LINE_BYTES) {
                assertTrue(agent.process.isAlive() && System.nanoTime() < deadline, agent.output());
                Thread.sleep(5);
            }
            for (int i = 0; i < 10; i++) {
                long position = recordedPosition(positions, app);
                long committed = counter("SOURCE.r1", "EventAcceptedCount");
                assertTrue(position / LINE_BYTES <= committed,
                        "position at line " + position / LINE_BYTES + " but only " + committed + " lines committed");
                Thread.sleep(10);
            }
            agent.process.destroyForcibly();
            agent.process.waitFor();
            killedAt = recordedPosition(positions, app);
        }
        writer.join();
        assertTrue(killedAt > 0 && killedAt < (long) OLD_LINES * LINE_BYTES, "killed outside the file: " + killedAt);
        Files.move(app, logs.resolve("app.log.1"));
        writeLines(app, "B", 0, NEW_LINES);

        try (AgentProcess agent = start(conf)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            long expected = (OLD_LINES - killedAt / LINE_BYTES) + NEW_LINES;
            while (counter("SINK.k1", "EventDrainSuccessCount") < expected) {
                assertTrue(agent.process.isAlive() && System.nanoTime() < deadline, agent.output());
                Thread.sleep(20);
            }
            assertTrue(agent.output().contains("was renamed to " + logs.resolve("app.log.1") + " while the agent was down"),
                    agent.output());
            assertEquals(0, agent.terminate(Duration.ofSeconds(30)), agent.output());
        }

        int[] old = new int[OLD_LINES];
        int[] fresh = new int[NEW_LINES];
        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.toList();
        }
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            for (int at = 0; at + LINE_BYTES <= bytes.length; at += LINE_BYTES) {
                int n = Integer.parseInt(new String(bytes, at + 1, 9, StandardCharsets.US_ASCII));
                (bytes[at] == 'A' ? old : fresh)[n]++;
            }
        }
        for (int i = (int) (killedAt / LINE_BYTES); i < OLD_LINES; i++) {
            assertTrue(old[i] >= 1, "line A" + i + ", after the recorded position, was lost");
        }
        for (int i = 0; i < NEW_LINES; i++) {
            assertEquals(1, fresh[i], "line B" + i);
        }
    }
}
