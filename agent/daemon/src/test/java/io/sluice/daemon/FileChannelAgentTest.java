package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.config.PlanBuilder;
import io.sluice.testkit.Await;
import io.sluice.testkit.FreePort;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file channel inside an agent: validation, a source pushing back below the disk floor, metrics, reload. */
class FileChannelAgentTest {
    @TempDir
    Path tmp;

    private Path conf(String text) throws Exception {
        Path file = tmp.resolve("agent-" + System.nanoTime() + ".conf");
        Files.writeString(file, text);
        return file;
    }

    private String fileChannel(String name, String dir) {
        return """
                a1.channels.%1$s.type = file
                a1.channels.%1$s.checkpointDir = %2$s/checkpoint
                a1.channels.%1$s.dataDirs = %2$s/data
                a1.channels.%1$s.minimumRequiredSpace = 1048576
                """.formatted(name, tmp.resolve(dir));
    }

    @Test
    void netcatAnswersFailedNamingTheFloorWhileFreeSpaceIsBelowMinimumRequiredSpace() throws Exception {
        int port = FreePort.tcp();
        Path file = conf("""
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = netcat
                a1.sources.r1.bind = 127.0.0.1
                a1.sources.r1.port = %d
                a1.sources.r1.channels = c1
                a1.sinks.k1.type = null
                a1.sinks.k1.channel = c1
                """.formatted(port) + fileChannel("c1", "fc").replace("1048576", "1000000000000000000"));
        try (InProcessAgent agent = InProcessAgent.start(file, "a1");
             Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
            String reply = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(reply.startsWith("FAILED: File channel c1 refuses the put"), reply);
            assertTrue(reply.contains("below minimumRequiredSpace = 1000000000000000000 bytes"), reply);
            assertEquals(1, agent.counter("SOURCE.r1", "ChannelWriteFail"));
        }
    }

    @Test
    void validationRefusesTwoFileChannelsSharingADirectory() throws Exception {
        Path file = conf("""
                a1.sources = r1
                a1.channels = c1 c2
                a1.sources.r1.type = seq
                a1.sources.r1.channels = c1 c2
                """ + fileChannel("c1", "same") + fileChannel("c2", "same"));
        PlanBuilder.Result r = InProcessAgent.plan(file, "a1");
        assertFalse(r.ok());
        String problems = r.problems().sorted().toString();
        assertTrue(problems.contains("a1.channels.c2 claims dir:" + tmp.resolve("same/checkpoint")
                + ", which a1.channels.c1 already uses"), problems);
    }

    @Test
    void validationRefusesFlumesEncryptionKeysWithFileAndLine() throws Exception {
        String text = """
                a1.sources = r1
                a1.channels = c1
                a1.sources.r1.type = seq
                a1.sources.r1.channels = c1
                """ + fileChannel("c1", "fc") + """
                a1.channels.c1.encryption.activeKey = key-0
                """;
        Path file = conf(text);
        int line = List.of(text.split("\n")).indexOf("a1.channels.c1.encryption.activeKey = key-0") + 1;
        PlanBuilder.Result r = InProcessAgent.plan(file, "a1");
        assertFalse(r.ok());
        String problems = r.problems().sorted().toString();
        assertTrue(problems.contains(file + ":" + line + ": error: a1.channels.c1.encryption.activeKey: Flume's file "
                + "channel encryption is not supported by Sluice"), problems);
    }

    @Test
    void replayAndFileChannelCountersAreOnTheChannelsMetrics() throws Exception {
        Path file = conf("""
                a1.sources = r1
                a1.channels = c1
                a1.sources.r1.type = seq
                a1.sources.r1.batchSize = 10
                a1.sources.r1.totalEvents = 100
                a1.sources.r1.channels = c1
                a1.channels.c1.checkpointOnClose = false
                """ + fileChannel("c1", "fc"));
        try (InProcessAgent agent = InProcessAgent.start(file, "a1")) {
            Await.until(Duration.ofSeconds(10), () -> agent.counter("CHANNEL.c1", "ChannelSize") == 100,
                    () -> "the seq source did not fill the channel");
        }
        try (InProcessAgent agent = InProcessAgent.start(file, "a1")) {
            Await.until(Duration.ofSeconds(10), () -> agent.counter("CHANNEL.c1", "ChannelSize") == 200,
                    () -> "the first 100 replayed and 100 more from the restarted seq");
            Map<String, Object> c1 = agent.metrics.snapshot().get("CHANNEL.c1");
            assertEquals(100L, c1.get("ReplayEventCount"), c1.toString());
            assertEquals(100.0, c1.get("ReplayPercent"), c1.toString());
            for (String key : new String[] {"EventPutErrorCount", "EventTakeErrorCount", "CheckpointWriteErrorCount",
                    "CheckpointBackupWriteErrorCount", "Open", "Closed", "Unhealthy", "FsyncCount", "LostEventCount",
                    "ReplayEventsPerSecond", "ReplayRemainingMillis"}) {
                assertTrue(c1.containsKey(key), "missing " + key + " in " + c1);
            }
        }
    }

    @Test
    void aReloadThatChangesAFileChannelReopensItsFilesWithTheEventsKept() throws Exception {
        String flow = """
                a1.sources = r1
                a1.channels = c1
                a1.sources.r1.type = seq
                a1.sources.r1.batchSize = 10
                a1.sources.r1.totalEvents = 50
                a1.sources.r1.channels = c1
                """ + fileChannel("c1", "fc");
        try (InProcessAgent agent = InProcessAgent.start(conf(flow), "a1")) {
            Await.until(Duration.ofSeconds(10), () -> agent.agent.channel("c1").size() == 50, () -> "not filled");
            PlanBuilder.Result changed = InProcessAgent.plan(conf(flow + "a1.channels.c1.capacity = 500000\n"), "a1");
            assertTrue(changed.ok(), () -> changed.problems().sorted().toString());
            agent.agent.reconfigure(changed.plan());
            Await.until(Duration.ofSeconds(10), () -> agent.agent.channel("c1").size() == 100,
                    () -> "size " + agent.agent.channel("c1").size() + ": the 50 kept plus 50 from the restarted seq");
            assertEquals(500000L, agent.agent.channel("c1").capacity());
        }
    }
}
