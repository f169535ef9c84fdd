package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.SourceContext;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.sources.avro.AvroSource;
import io.sluice.testkit.CollectingChannelProcessor;
import io.sluice.testkit.FreePort;
import io.sluice.testkit.Specs;
import io.sluice.testkit.TestEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent avro-client} against real Avro sources on loopback: lines, headers, directories, -P hosts, exit codes. */
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

    @Test
    void dirnameSendsEveryFileOldestFirstAndMarksEachCompleted() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("spool"));
        Path newer = Files.writeString(dir.resolve("a-newer.log"), "n1\nn2\n");
        Path older = Files.writeString(dir.resolve("b-older.log"), "o1\n");
        Files.setLastModifiedTime(older, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.writeString(dir.resolve(".hidden"), "never\n");
        Files.writeString(dir.resolve("done.log.COMPLETED"), "never\n");

        assertEquals(0, run(new byte[0], "-H", "127.0.0.1", "-p", port(), "--dirname", dir.toString()), err.toString());
        assertEquals(List.of("o1", "n1", "n2"), processor.bodies());
        assertTrue(Files.exists(dir.resolve("a-newer.log.COMPLETED")) && Files.notExists(newer));
        assertTrue(Files.exists(dir.resolve("b-older.log.COMPLETED")) && Files.notExists(older));
        assertTrue(Files.exists(dir.resolve(".hidden")));
    }

    @Test
    void dirnameLeavesAFileItCouldNotSendUnderItsName() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("spool"));
        Path file = Files.writeString(dir.resolve("x.log"), "a\nb\n");
        processor.setRefusing(true);
        assertEquals(1, run(new byte[0], "-H", "127.0.0.1", "-p", port(), "--dirname", dir.toString()));
        assertTrue(Files.exists(file), "a file not wholly accepted keeps its name, to be sent again");
        assertEquals(2, run(new byte[0], "-H", "127.0.0.1", "-p", port(), "--dirname", dir.toString(),
                "-F", file.toString()));
        assertTrue(err.toString().contains("--filename and --dirname cannot be used together"), err.toString());
    }

    @Test
    void rpcPropsFailoverSkipsADeadHostAndLoadBalanceSpreadsBatches() throws Exception {
        CollectingChannelProcessor second = new CollectingChannelProcessor();
        AvroSource other = new AvroSource(new SourceContext("r2", Specs.settings(AvroSource.SPEC,
                Map.of("bind", "127.0.0.1", "port", "0")), second, new SourceCounter("r2"), 1000));
        other.start();
        try {
            String otherPort = Integer.toString(other.localAddress().getPort());
            Path failover = tmp.resolve("failover.properties");
            Files.writeString(failover, "client.type = default_failover\nhosts = dead live\n"
                    + "hosts.dead = 127.0.0.1:" + FreePort.tcp() + "\nhosts.live = 127.0.0.1:" + port() + "\n"
                    + "connect-timeout = 2000\nbatch-size = 2\n");
            assertEquals(0, run("a\nb\nc\n".getBytes(StandardCharsets.UTF_8), "-P", failover.toString()), err.toString());
            assertEquals(List.of("a", "b", "c"), processor.bodies());

            Path balanced = tmp.resolve("lb.properties");
            Files.writeString(balanced, "client.type = default_loadbalance\nhosts = h1 h2\nhosts.h1 = 127.0.0.1:"
                    + port() + "\nhosts.h2 = 127.0.0.1:" + otherPort + "\nbatch-size = 1\n");
            assertEquals(0, run("1\n2\n3\n4\n".getBytes(StandardCharsets.UTF_8), "-P", balanced.toString()),
                    err.toString());
            assertEquals(2, second.bodies().size(), second.bodies().toString());
            assertEquals(5, processor.bodies().size(), processor.bodies().toString());
        } finally {
            other.stop();
        }
    }

    @Test
    void rpcPropsProblemsAreUsageErrorsNamingTheKey() throws Exception {
        Path props = tmp.resolve("bad.properties");
        Files.writeString(props, "hosts = h1\nhosts.h1 = 127.0.0.1:" + port() + "\nbatch-szie = 10\n");
        assertEquals(2, run(new byte[0], "-P", props.toString()));
        assertTrue(err.toString().contains("unknown key 'batch-szie'"), err.toString());
        Files.writeString(props, "client.type = thrift\nhosts = h1\nhosts.h1 = 127.0.0.1:" + port() + "\n");
        assertEquals(2, run(new byte[0], "-P", props.toString()));
        assertTrue(err.toString().contains("client.type = thrift"), err.toString());
        assertEquals(2, run(new byte[0], "-P", props.toString(), "-H", "127.0.0.1"));
        assertTrue(err.toString().contains("leave out --host and --port"), err.toString());
    }
}
