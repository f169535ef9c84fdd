package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.runtime.ConfigReloader;
import io.sluice.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole agent of real components in this JVM: wiring, counters, reload and supervised restarts. */
class AgentLifecycleTest {
    @TempDir
    Path dir;

    private Path writeConfig(String out, long total, int capacity) throws IOException {
        Path conf = dir.resolve("agent.conf");
        Files.writeString(conf, """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = seq
                a1.sources.r1.batchSize = 10
                a1.sources.r1.totalEvents = %d
                a1.sources.r1.channels = c1
                a1.channels.c1.type = memory
                a1.channels.c1.capacity = %d
                a1.channels.c1.transactionCapacity = 100
                a1.channels.c1.keep-alive = 0
                a1.sinks.k1.type = file_roll
                a1.sinks.k1.sink.directory = %s
                a1.sinks.k1.sink.rollInterval = 0
                a1.sinks.k1.channel = c1
                """.formatted(total, capacity, dir.resolve(out)));
        // Reload detection compares modification time and size: make every rewrite visible.
        Files.setLastModifiedTime(conf, FileTime.from(Instant.now().plusSeconds(Files.size(conf) + total)));
        return conf;
    }

    private List<String> linesIn(String out) {
        Path d = dir.resolve(out);
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

    @Test
    void seqThroughMemoryToFileRollDeliversEveryEventInOrderAndCountsIt() throws Exception {
        try (InProcessAgent a = InProcessAgent.start(writeConfig("out", 1000, 1000), "a1")) {
            Await.until(Duration.ofSeconds(20), () -> linesIn("out").size() >= 1000, () -> linesIn("out").size() + " lines");
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                expected.add(String.valueOf(i));
            }
            assertEquals(expected, linesIn("out"));
            Await.until(Duration.ofSeconds(5), () -> a.counter("SINK.k1", "EventDrainSuccessCount") == 1000,
                    () -> a.metrics.snapshot().toString());
            assertEquals(1000, a.counter("SOURCE.r1", "EventAcceptedCount"));
            assertEquals(1000, a.counter("CHANNEL.c1", "EventPutSuccessCount"));
            assertEquals(1000, a.counter("CHANNEL.c1", "EventTakeSuccessCount"));
            assertEquals(0, a.counter("CHANNEL.c1", "ChannelSize"));
            assertEquals(1000, a.counter("CHANNEL.c1", "ChannelCapacity"));
        }
    }

    @Test
    void reloadRebuildsOnlyWhatChangedAndKeepsTheChannel() throws Exception {
        Path conf = writeConfig("out1", 100, 1000);
        try (InProcessAgent a = InProcessAgent.start(conf, "a1")) {
            Await.until(Duration.ofSeconds(20), () -> linesIn("out1").size() == 100, () -> linesIn("out1").toString());
            Channel before = a.agent.channel("c1");
            ConfigReloader reloader = new ConfigReloader(List.of(conf), "a1", InProcessAgent.REGISTRY, a.agent);
            writeConfig("out2", 100, 1000);
            assertTrue(reloader.checkNow());
            assertSame(before, a.agent.channel("c1"), "an unchanged channel is kept across a reload");
            // Only the sink's directory changed. The seq source kept running: restarted, it would emit its
            // 100 events again and they would land in out2. The new sink now owns out2.
            assertEquals(0, linesIn("out2").size());
            assertEquals("" + dir.resolve("out2"), a.agent.plan().sinks().get(0).settings().raw().get("sink.directory"));
        }
    }

    @Test
    void changedMemoryChannelHandsItsQueuedEventsToItsReplacement() throws Exception {
        Path conf = dir.resolve("agent.conf");
        Files.writeString(conf, """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = seq
                a1.sources.r1.batchSize = 10
                a1.sources.r1.totalEvents = 50
                a1.sources.r1.channels = c1
                a1.channels.c1.type = memory
                a1.channels.c1.capacity = 1000
                a1.sinks.k1.type = null
                a1.sinks.k1.channel = c2
                a1.channels = c1 c2
                a1.channels.c2.type = memory
                """);
        try (InProcessAgent a = InProcessAgent.start(conf, "a1")) {
            Await.until(Duration.ofSeconds(10), () -> a.agent.channel("c1").size() == 50, () -> "c1 size "
                    + a.agent.channel("c1").size());
            Channel before = a.agent.channel("c1");
            Files.writeString(conf, Files.readString(conf).replace("capacity = 1000", "capacity = 2000"));
            Files.setLastModifiedTime(conf, FileTime.from(Instant.now().plusSeconds(60)));
            assertTrue(new ConfigReloaderProbe(conf, a).reloadNow());
            Channel after = a.agent.channel("c1");
            assertNotSame(before, after);
            assertEquals(2000, after.capacity());
            // The source writing to c1 was restarted with it and emits its 50 events again: 100 means the
            // 50 queued in the old channel were handed over (without the handover there would be 50).
            Await.until(Duration.ofSeconds(10), () -> after.size() == 100, () -> "c1 size " + after.size());
        }
    }

    @Test
    void invalidNewConfigKeepsTheRunningAgentUntouched() throws Exception {
        Path conf = writeConfig("out", 10, 1000);
        try (InProcessAgent a = InProcessAgent.start(conf, "a1")) {
            var planBefore = a.agent.plan();
            Files.writeString(conf, Files.readString(conf).replace("capacity = 1000", "capacity = -1"));
            Files.setLastModifiedTime(conf, FileTime.from(Instant.now().plusSeconds(120)));
            assertFalse(new ConfigReloaderProbe(conf, a).reloadNow());
            assertSame(planBefore, a.agent.plan());
        }
    }

    @Test
    void sinkThatCannotStartIsRetriedUntilItCan() throws Exception {
        Path blocker = dir.resolve("blocked");
        Files.writeString(blocker, "a regular file where the sink's parent directory should be");
        Path conf = dir.resolve("agent.conf");
        Files.writeString(conf, """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = seq
                a1.sources.r1.totalEvents = 5
                a1.sources.r1.channels = c1
                a1.channels.c1.type = memory
                a1.sinks.k1.type = file_roll
                a1.sinks.k1.sink.directory = %s
                a1.sinks.k1.channel = c1
                """.formatted(blocker.resolve("out")));
        try (InProcessAgent a = InProcessAgent.start(conf, "a1")) {
            Thread.sleep(300);
            assertEquals(0, a.counter("SINK.k1", "EventDrainSuccessCount"));
            Files.delete(blocker);
            Await.until(Duration.ofSeconds(10), () -> a.counter("SINK.k1", "EventDrainSuccessCount") == 5,
                    () -> a.metrics.snapshot().get("SINK.k1").toString());
        }
    }

    /** Drives one reload check of the agent's config file. */
    private record ConfigReloaderProbe(Path conf, InProcessAgent agent) {
        boolean reloadNow() throws Exception {
            ConfigReloader r = new ConfigReloader(List.of(conf), "a1", InProcessAgent.REGISTRY, agent.agent);
            Files.setLastModifiedTime(conf, FileTime.from(Instant.now().plusSeconds(3600)));
            return r.checkNow();
        }
    }
}
