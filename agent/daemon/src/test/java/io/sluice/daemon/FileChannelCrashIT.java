package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real agent under load at random moments (12 times, seeded), with netcat acks telling
 * which puts were committed and file_roll (which flushes before its take commits) telling what was
 * delivered: every acknowledged line is delivered, a committed take never comes back, duplicates
 * come only from a killed run's last uncommitted batch, and the channel's files check intact.
 */
@Tag("crash")
class FileChannelCrashIT {
    @TempDir
    Path tmp;

    @Test
    void killNineUnderLoadLosesNothingCommittedAndRedeliversOnlyUncommittedTakes() throws Exception {
        long seed = Long.getLong("sluice.crash.seed", System.nanoTime());
        System.out.println("FileChannelCrashIT seed " + seed + " (rerun with -Dsluice.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        try (DurableFlow flow = new DurableFlow(tmp, "maxFileSize", "65536", "checkpointInterval", "300")) {
            flow.startSending();
            for (int kill = 0; kill < 12; kill++) {
                AgentProcess agent = flow.start();
                int before = flow.acknowledged();
                // Some kills land right after start (replay, post-recovery checkpoint), most under load.
                long millis = random.nextInt(4) == 0 ? random.nextInt(50) : 200 + random.nextInt(1200);
                Thread.sleep(millis);
                flow.kill(agent);
                agent.close();
                System.out.println("kill " + kill + " after " + millis + " ms: " + (flow.acknowledged() - before)
                        + " lines acknowledged in that run");
            }
            AgentProcess last = flow.start();
            Thread.sleep(500);
            flow.stopSending();
            Await.until(Duration.ofSeconds(60), () -> delivered(flow), () -> "not every acknowledged line arrived");
            assertEquals(0, last.terminate(Duration.ofSeconds(30)), last.output());
            assertTrue(flow.acknowledged() > 1000, "too little load to mean anything: " + flow.acknowledged());
            flow.verify();

            AgentProcess check = AgentProcess.run(tmp, "filechannel-check", "--checkpointDir",
                    flow.checkpointDir().toString(), "--dataDirs", flow.dataDirs());
            assertEquals(0, check.process.exitValue(), check.output());
            assertTrue(check.output().contains("Result: intact"), check.output());
        }
    }

    private static boolean delivered(DurableFlow flow) {
        try {
            return flow.allAcknowledgedDelivered();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
