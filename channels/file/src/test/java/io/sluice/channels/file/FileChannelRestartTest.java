package io.sluice.channels.file;

import static io.sluice.testkit.TestEvents.bodies;
import static io.sluice.testkit.TestEvents.numbered;
import static io.sluice.testkit.TestEvents.numberedBodies;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.testkit.ChannelHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clean stop and start keeps the queue, including what was left after a partial take. */
class FileChannelRestartTest {
    @TempDir
    Path tmp;

    @Test
    void committedEventsAndTheirOrderSurviveACleanRestart() throws Exception {
        FileChannel c = FileChannels.in(tmp).start();
        ChannelHarness h = new ChannelHarness(c);
        h.put(numbered("e", 10));
        assertEquals(numberedBodies("e", 3), bodies(h.take(3)));
        c.stop();
        c = FileChannels.in(tmp).start();
        h = new ChannelHarness(c);
        assertEquals(7, c.size());
        assertEquals(numberedBodies("e", 10).subList(3, 10), bodies(h.take(100)));
        c.stop();
    }
}
