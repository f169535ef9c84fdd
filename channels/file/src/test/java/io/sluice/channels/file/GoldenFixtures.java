package io.sluice.channels.file;

import io.sluice.api.Event;
import io.sluice.testkit.ChannelHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the golden fixture of the current on-disk format that {@link GoldenFormatTest} replays:
 * puts with and without headers, committed takes, a move to a new segment, a checkpoint, and log
 * records after it, left as a crash leaves them. Run once per format version, then check the
 * output in under src/test/resources/golden/v&lt;N&gt;; never regenerate an existing version. (Version
 * 1 was written before the filler event that makes the log move to a second segment.)
 *
 * <pre>java -cp ... io.sluice.channels.file.GoldenFixtures OUTPUT_DIR</pre>
 */
final class GoldenFixtures {
    private GoldenFixtures() {
    }

    /** The events the fixture holds, in queue order, as replay must give them back. */
    static List<Event> expected() {
        List<Event> out = new ArrayList<>(batchB());
        out.addAll(batchC());
        return out;
    }

    static List<Event> batchA() {
        List<Event> a = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            a.add(Event.of(Map.of("host", "h1", "n", String.valueOf(i)), ("golden-a-" + i).getBytes()));
        }
        return a;
    }

    static List<Event> batchB() {
        List<Event> b = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            b.add(Event.of(new byte[] {'b', (byte) ('0' + i), 0, (byte) 0xFF, '\n'}));
        }
        return b;
    }

    static List<Event> batchC() {
        return List.of(Event.of(Map.of("k", "värde"), "golden-c-0".getBytes()),
                Event.of(Map.of("k", ""), new byte[0]));
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path live = Files.createTempDirectory("golden");
        FileChannel c = FileChannels.in(live).set("maxFileSize", "1024").start();
        ChannelHarness h = new ChannelHarness(c);
        h.put(List.of(Event.of(new byte[600])));
        h.take(1);
        h.put(batchA());
        h.put(batchB());
        h.take(2);
        c.stop();
        c = FileChannels.in(live).set("maxFileSize", "1024").start();
        h = new ChannelHarness(c);
        h.put(batchC());
        h.take(1);
        Crash.copy(c, live, out);
        c.stop();
        try (var files = Files.walk(out)) {
            for (Path p : files.filter(p -> p.getFileName().toString().equals(DirectoryLock.FILE)).toList()) {
                Files.delete(p);
            }
        }
    }
}
