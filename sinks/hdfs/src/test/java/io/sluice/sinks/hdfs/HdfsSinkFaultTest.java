package io.sluice.sinks.hdfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.EventDeliveryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hdfs sink on a local file system that hangs or refuses renames on demand ({@link FlakyLocalFileSystem}). */
class HdfsSinkFaultTest {
    @TempDir
    Path tmp;

    private final List<SinkFixture> fixtures = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        FlakyLocalFileSystem.reset();
        fixtures.forEach(SinkFixture::close);
    }

    private SinkFixture sink(Map<String, String> raw) throws Exception {
        Configuration conf = new Configuration();
        conf.set("fs.file.impl", FlakyLocalFileSystem.class.getName());
        SinkFixture f = new SinkFixture(raw, conf);
        fixtures.add(f);
        f.sink.start();
        return f;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private List<String> finalizedLines() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path p : files()) {
            if (!p.toString().endsWith(".tmp")) {
                out.addAll(Files.readAllLines(p, UTF_8));
            }
        }
        return out;
    }

    private static void eventually(String what, ThrowingCheck check) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!check.ok()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(50);
        }
    }

    private interface ThrowingCheck {
        boolean ok() throws Exception;
    }

    @Test
    void aWriteThatOutlivesCallTimeoutIsCancelledRolledBackAndWrittenAgainOnceTheFileSystemAnswers() throws Exception {
        Map<String, String> raw = SinkFixture.textConfig(tmp.toUri() + "out");
        raw.put("hdfs.callTimeout", "300");
        SinkFixture f = sink(raw);
        FlakyLocalFileSystem.HANG_FLUSHES.set(true);
        f.put("a", "b", "c");

        EventDeliveryException e = assertThrows(EventDeliveryException.class, f.sink::process);
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertEquals(1, f.count("EventWriteFail"));
        assertTrue(f.count("ConnectionFailedCount") >= 1);
        assertEquals(3, f.channel.size());

        FlakyLocalFileSystem.release();
        f.drain();
        assertEquals(0, f.channel.size());
        f.sink.stop();
        eventually("no in-use file may remain: " + files(), () -> files().stream().noneMatch(p -> p.toString().endsWith(".tmp")));
        List<String> lines = finalizedLines();
        assertTrue(lines.containsAll(List.of("a", "b", "c")), lines.toString());
    }

    @Test
    void aRenameThatReturnsFalseCountsAsFailedAndIsRetriedEveryRetryInterval() throws Exception {
        Map<String, String> raw = SinkFixture.textConfig(tmp.toUri() + "out");
        raw.put("hdfs.rollCount", "1");
        raw.put("hdfs.retryInterval", "1");
        SinkFixture f = sink(raw);
        FlakyLocalFileSystem.FALSE_RENAMES.set(2);
        f.put("first", "second");
        f.drain();
        assertEquals(2, files().stream().filter(p -> p.toString().endsWith(".tmp")).count(),
                "the rolled file keeps its in-use name while its rename fails: " + files());
        assertTrue(f.count("ConnectionFailedCount") >= 1);

        eventually("the first file is renamed by a retry", () -> {
            f.sink.process();
            return files().stream().filter(p -> p.toString().endsWith(".tmp")).count() == 1;
        });
        assertEquals(2, f.count("ConnectionFailedCount"));
        assertEquals(List.of("first"), finalizedLines());
    }
}
