package io.sluice.channels.file;

import static io.sluice.testkit.TestEvents.bodies;
import static io.sluice.testkit.TestEvents.numbered;
import static io.sluice.testkit.TestEvents.numberedBodies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelException;
import io.sluice.api.metrics.ChannelCounter;
import io.sluice.testkit.Await;
import io.sluice.testkit.ChannelHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Free space below minimumRequiredSpace (read through an injectable probe): puts are refused with an
 * error naming the floor, takes and their commits go on so the channel can drain, and puts resume by
 * themselves once space is back.
 */
class DiskSpaceTest {
    private static final long FLOOR = 2L << 20;

    @TempDir
    Path tmp;

    @Test
    void putsAreRefusedBelowTheFloorTakesGoOnAndPutsResumeWhenSpaceReturns() throws Exception {
        FaultyStorage storage = new FaultyStorage();
        ChannelCounter counter = new ChannelCounter("c1");
        FileChannel c = FileChannels.in(tmp).storage(storage).counter(counter)
                .set("minimumRequiredSpace", String.valueOf(FLOOR)).start();
        ChannelHarness h = new ChannelHarness(c);
        h.put(numbered("e", 4));

        storage.usableSpace.set(FLOOR + 10);
        Await.until(Duration.ofSeconds(5), () -> refused(h), () -> "puts were not refused below the floor");
        ChannelException e = assertThrows(ChannelException.class, () -> h.put(numbered("x", 1)));
        assertTrue(e.getMessage().contains("below minimumRequiredSpace = " + FLOOR + " bytes"), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.toString()), "names the directory: " + e.getMessage());
        assertEquals(numberedBodies("e", 2), bodies(h.take(2)), "takes and their commits go on below the floor");

        storage.usableSpace.set(FLOOR * 100);
        Await.until(Duration.ofSeconds(5), () -> !refused(h), () -> "puts did not resume when space came back");
        List<String> expected = new ArrayList<>(List.of("e-2", "e-3"));
        expected.addAll(Collections.nCopies(accepted, "ok-0"));
        assertEquals(expected, bodies(h.take(100)), "only the puts that were accepted");
        assertTrue((Long) counter.snapshot().get("EventPutErrorCount") >= 2);
        c.stop();
    }

    private int accepted;

    /** Tries a put of one event "ok-0"; true if the channel refused it. */
    private boolean refused(ChannelHarness h) {
        try {
            h.put(numbered("ok", 1));
            accepted++;
            return false;
        } catch (ChannelException e) {
            return true;
        }
    }
}
