package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.SourceContext;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.sources.avro.AvroSource;
import io.sluice.testkit.CollectingChannelProcessor;
import io.sluice.testkit.Specs;
import io.sluice.testkit.TestEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent avro-client} against a real Avro source on loopback: lines, headers, exit codes. */
class AvroClientCommandTest {
    @TempDir
    Path tmp;
    final CollectingChannelProcessor processor = new CollectingChannelProcessor();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    AvroSource source;

    @BeforeEach
    void start() throws Exception {
        source = new AvroSource(new SourceContext("r1", Specs.settings(AvroSource.SPEC,
                Map.of("bind", "127.0.0.1", "port", "0")), processor, new SourceCounter("r1"), 1000));
        source.start();
    }

    @AfterEach
    void stop() {
        source.stop();
    }

    int run(byte[] stdin, String... args) {
        return AvroClientCommand.run(args, new ByteArrayInputStream(stdin), new PrintStream(out, true),
                new PrintStream(err, true));
    }

    String port() {
        return Integer.toString(source.localAddress().getPort());
    }

    @Test
    void everyLineOfAFileBecomesOneEventWithTheHeaderFilesHeaders() throws Exception {
        Path file = tmp.resolve("in.txt");
        Files.write(file, "first\r\nsecond\n\nthird\rfourth".getBytes(StandardCharsets.UTF_8));
        Path headers = tmp.resolve("h.properties");
        Files.writeString(headers, "env = prod\nhost=h1\n");
        int rc = run(new byte[0], "-H", "127.0.0.1", "-p", port(), "-F", file.toString(), "-R", headers.toString(),
                "--batch-size", "2");
        assertEquals(0, rc, err.toString());
        List<Event> got = processor.events();
        assertEquals(List.of("first", "second", "", "third", "fourth"), TestEvents.bodies(got));
        assertEquals(Map.of("env", "prod", "host", "h1"), got.get(0).headers());
        assertTrue(err.toString().contains("Sent 5 events"), err.toString());
    }

    @Test
    void standardInputIsSentWhenNoFileIsNamed() {
        assertEquals(0, run("a\nb\n".getBytes(StandardCharsets.UTF_8), "--host", "127.0.0.1", "--port", port()));
        assertEquals(List.of("a", "b"), processor.bodies());
    }

    @Test
    void refusedBatchExitsOneAndSaysHowManyEventsWereAccepted() {
        processor.setRefusing(true);
        assertEquals(1, run("a\nb\n".getBytes(StandardCharsets.UTF_8), "-H", "127.0.0.1", "-p", port()));
        assertTrue(err.toString().contains("answered FAILED") && err.toString().contains("0 events were accepted"),
                err.toString());
    }

    @Test
    void unreadableHeaderFileAndMissingPortAreUsageErrors() {
        assertEquals(2, run(new byte[0], "-H", "127.0.0.1", "-p", port(), "-R", tmp.resolve("none").toString()));
        assertTrue(err.toString().contains("cannot read header file"), err.toString());
        assertEquals(2, run(new byte[0], "-H", "127.0.0.1"));
        assertTrue(err.toString().contains("both --host and --port"), err.toString());
        assertTrue(err.toString().contains("--headerFile"), "usage text missing: " + err);
    }

    @Test
    void unreachableSourceExitsOne() throws Exception {
        String closedPort = port();
        source.stop();
        assertEquals(1, run("a\n".getBytes(StandardCharsets.UTF_8), "-H", "127.0.0.1", "-p", closedPort));
        assertTrue(err.toString().contains("cannot connect"), err.toString());
        source.start();
    }
}
