package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.channels.file.wal.segment.SegmentSet;
import io.sluice.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at the two moments a file channel changes its files outside a record append: in the
 * middle of writing a checkpoint, and in the middle of rolling to a new segment (held there by the
 * {@code sluice.fileChannel.pauseAt} test hook while load goes on). The next start recovers every
 * acknowledged line.
 */
@Tag("crash")
class FileChannelPauseIT {
    @TempDir
    Path tmp;

    @Test
    void killDuringACheckpointWriteUnderLoadLosesNothing() throws Exception {
        try (DurableFlow flow = new DurableFlow(tmp, "checkpointInterval", "200")) {
            flow.startSending();
            AgentProcess agent = flow.start("-Dsluice.fileChannel.pauseAt=checkpoint-write:3");
            agent.awaitLog("paused at checkpoint-write", Duration.ofSeconds(30));
            int atPause = flow.acknowledged();
            Await.until(Duration.ofSeconds(30), () -> flow.acknowledged() > atPause + 200,
                    () -> "puts and takes did not go on while a checkpoint was being written");
            flow.kill(agent);
            assertTrue(Files.exists(flow.checkpointDir().resolve("sluice-checkpoint.tmp")),
                    "the kill left a half-written checkpoint");
            finish(flow, "removed " + flow.checkpointDir().resolve("sluice-checkpoint.tmp"));
        }
    }

    @Test
    void killDuringASegmentRollUnderLoadLosesNothing() throws Exception {
        try (DurableFlow flow = new DurableFlow(tmp, "maxFileSize", "32768")) {
            flow.startSending();
            AgentProcess agent = flow.start("-Dsluice.fileChannel.pauseAt=segment-roll:4");
            agent.awaitLog("paused at segment-roll", Duration.ofSeconds(30));
            Thread.sleep(200);
            flow.kill(agent);
            Path newest = newestSegment(flow);
            assertEquals(SegmentSet.RECORDS_START, Files.size(newest), "the kill left a rolled-to segment with its header "
                    + "and PREVIOUS record only, and the segment before it without its ROLL record: " + newest);
            finish(flow, "recovered");
        }
    }

    private static Path newestSegment(DurableFlow flow) throws IOException {
        Path newest = null;
        for (String dir : flow.dataDirs().split(",")) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".wal")).toList()) {
                    if (newest == null || p.getFileName().compareTo(newest.getFileName()) > 0) {
                        newest = p;
                    }
                }
            }
        }
        return newest;
    }

    /** Restarts without the hook, drains, stops cleanly, and checks the contract and the log. */
    private static void finish(DurableFlow flow, String expectedInLog) throws Exception {
        AgentProcess agent = flow.start();
        flow.stopSending();
        Await.until(Duration.ofSeconds(60), () -> {
            try {
                return flow.allAcknowledgedDelivered();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, () -> "not every acknowledged line arrived");
        assertEquals(0, agent.terminate(Duration.ofSeconds(30)), agent.output());
        assertTrue(agent.output().contains(expectedInLog), agent.output());
        assertTrue(flow.acknowledged() > 100, "too little load: " + flow.acknowledged());
        flow.verify();
    }
}
