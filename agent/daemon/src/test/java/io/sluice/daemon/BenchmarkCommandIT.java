package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every benchmark scenario still runs end to end and reports a figure, on a few thousand events:
 * docs/performance.md depends on this command, and nothing else exercises it. No figure is judged.
 */
class BenchmarkCommandIT {

    @ParameterizedTest
    @ValueSource(strings = {"seq-memory-null", "seq-replicating-null", "seq-interceptors-replicating-null",
        "netcat-memory-null-noack", "netcat-memory-null-ack", "http-json-memory-null", "syslogtcp-memory-null",
        "avro-memory-avro-100b", "avro-file-avro-100b", "spooldir-memory-null", "spooldir-file-null",
        "exec-memory-null", "seq-file-null", "netcat-file-null-ack", "spooldir-memory-hdfs"})
    void scenarioRunsAndReportsOneLinePerRound(String scenario) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            rc = BenchmarkCommand.run(new String[] {"--scenario", scenario, "--events", "20000", "--rounds", "1"});
        } finally {
            System.setOut(saved);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith(scenario + " ") && l.contains(" 20000 ")), out);
    }
}
