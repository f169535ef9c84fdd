package io.sluice.sources.local.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.SourceContext;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.testkit.Await;
import io.sluice.testkit.CollectingChannelProcessor;
import io.sluice.testkit.Specs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecSourceTest {
    private final CollectingChannelProcessor processor = new CollectingChannelProcessor();
    private final SourceCounter counter = new SourceCounter("r1");
    private ExecSource source;

    private ExecSource start(long stopTimeoutMillis, String... keyValues) {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], keyValues[i + 1]);
        }
        counter.start();
        source = new ExecSource(new SourceContext("r1", Specs.settings(ExecSource.SPEC, raw), processor, counter, 10_000),
                stopTimeoutMillis);
        source.start();
        return source;
    }

    private ExecSource start(String... keyValues) {
        return start(ExecSource.STOP_TIMEOUT_MILLIS, keyValues);
    }

    @AfterEach
    void stop() {
        if (source != null) {
            source.stop();
        }
    }

    private static List<String> numbers(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList();
    }

    private long genericProcessingFail() {
        return ((Number) counter.snapshot().get("GenericProcessingFail")).longValue();
    }

    @Test
    void eachStdoutLineIsAnEventAndStderrIsNot() throws Exception {
        start("command", "printf 'a\\nb\\r\\nc\\rd'; echo err >&2", "shell", "/bin/sh -c", "logStdErr", "true");
        processor.awaitEvents(4, Duration.ofSeconds(10));
        Thread.sleep(100);
        assertEquals(List.of("a", "b", "c", "d"), processor.bodies());
    }

    @Test
    void withoutShellTheCommandIsSplitOnWhitespaceWithoutQuoting() throws Exception {
        assertEquals(List.of("echo", "\"a", "b\""), ExecSource.argv("  echo \"a  b\" ", null));
        assertEquals(List.of("/bin/sh", "-c", "echo \"a  b\" | tr a x"), ExecSource.argv("echo \"a  b\" | tr a x", "/bin/sh  -c"));
        start("command", "echo hello   world");
        processor.awaitEvents(1, Duration.ofSeconds(10));
        assertEquals(List.of("hello world"), processor.bodies());
    }

    @Test
    void aPartialBatchIsHandedOnAfterBatchTimeoutWhileTheCommandKeepsRunning() throws Exception {
        start("command", "echo one; sleep 30", "shell", "/bin/sh -c", "batchSize", "100", "batchTimeout", "50");
        processor.awaitEvents(1, Duration.ofSeconds(10));
        assertEquals(List.of("one"), processor.bodies());
    }

    @Test
    void restartRunsTheCommandAgainAfterTheThrottle() throws Exception {
        start("command", "echo again", "restart", "true", "restartThrottle", "10");
        processor.awaitEvents(3, Duration.ofSeconds(10));
        assertTrue(processor.bodies().stream().allMatch("again"::equals));
    }

    @Test
    void aFullChannelHoldsTheCommandBackInsteadOfLosingLines() throws Exception {
        processor.setRefusing(true);
        start("command", "seq 1 50000", "batchSize", "500");
        Await.until(Duration.ofSeconds(10), () -> processor.refusals() >= 2, () -> "no refusals yet");
        processor.setRefusing(false);
        processor.awaitEvents(50_000, Duration.ofSeconds(30));
        assertEquals(numbers(1, 50_000), processor.bodies());
    }

    @Test
    void stopDeliversWhatTheCommandAlreadyWroteBeforeEndingIt() throws Exception {
        start("command", "seq 1 1050; sleep 60", "shell", "/bin/sh -c", "batchSize", "100", "batchTimeout", "600000");
        processor.awaitEvents(1000, Duration.ofSeconds(10));
        long t0 = System.nanoTime();
        source.stop();
        source = null;
        assertEquals(numbers(1, 1050), processor.bodies());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "stop waited for the sleeping command");
        assertEquals(0, genericProcessingFail());
    }

    @Test
    void linesTheChannelsNeverAcceptedAreCountedAndLoggedAtStop() throws Exception {
        processor.setRefusing(true);
        start(200, "command", "seq 1 500", "batchSize", "100");
        Await.until(Duration.ofSeconds(10), () -> processor.refusals() >= 1, () -> "no refusals yet");
        Thread.sleep(200);
        source.stop();
        source = null;
        assertEquals(0, processor.events().size());
        assertEquals(500, genericProcessingFail());
    }

    @Test
    void outputInTheConfiguredCharsetKeepsItsBytesAndMalformedUtf8IsReplaced() throws Exception {
        start("command", "printf 'caf\\351\\n'", "shell", "/bin/sh -c", "charset", "ISO-8859-1");
        processor.awaitEvents(1, Duration.ofSeconds(10));
        assertArrayEquals(new byte[] {'c', 'a', 'f', (byte) 0xE9}, processor.events().get(0).body());
        source.stop();

        CollectingChannelProcessor utf8 = new CollectingChannelProcessor();
        source = new ExecSource(new SourceContext("r2", Specs.settings(ExecSource.SPEC, Map.of("command",
                "printf 'caf\\351\\n'", "shell", "/bin/sh -c")), utf8, new SourceCounter("r2"), 100));
        source.start();
        utf8.awaitEvents(1, Duration.ofSeconds(10));
        assertEquals("caf\uFFFD", new String(utf8.events().get(0).body(), StandardCharsets.UTF_8));
    }

    @Test
    void aCommandThatCannotBeRunIsLoggedAndTheSourceStopsCleanly() throws Exception {
        start("command", "/nonexistent/command-for-sluice-test", "restart", "true", "restartThrottle", "10");
        Thread.sleep(100);
        assertEquals(0, processor.events().size());
    }

    @Test
    void validateSaysExecGivesNoDeliveryGuarantee() {
        assertTrue(ExecSource.SPEC.notes().stream().anyMatch(n -> n.contains("no delivery guarantee")));
    }
}
