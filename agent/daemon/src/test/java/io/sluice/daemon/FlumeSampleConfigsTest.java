package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.config.PlanBuilder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Configs written the ways Flume users write them (for components Sluice has) validate without errors. */
class FlumeSampleConfigsTest {

    private static Path sample(String name) throws URISyntaxException {
        return Path.of(FlumeSampleConfigsTest.class.getResource("/flume-samples/" + name).toURI());
    }

    @ParameterizedTest
    @CsvSource({
        "template-seq-logger.properties, agent, 1, 1, 1",
        "two-flows-class-names.properties, collector, 2, 2, 2",
        "windows-crlf.properties, a1, 1, 1, 1",
        "variables.properties, a1, 1, 1, 1",
    })
    void sampleValidates(String file, String agent, int sources, int channels, int sinks) throws Exception {
        PlanBuilder.Result r = InProcessAgent.plan(sample(file), agent);
        assertTrue(r.ok(), () -> r.problems().sorted().toString());
        assertEquals(sources, r.plan().sources().size());
        assertEquals(channels, r.plan().channels().size());
        assertEquals(sinks, r.plan().sinks().size());
        assertTrue(r.problems().warnings().isEmpty(), () -> r.problems().warnings().toString());
    }

    @Test
    void valuesAreTrimmedAndSubstitutedAsFlumeDoes() throws Exception {
        PlanBuilder.Result crlf = InProcessAgent.plan(sample("windows-crlf.properties"), "a1");
        assertEquals("localhost", crlf.plan().sources().get(0).settings().raw().get("bind"));
        PlanBuilder.Result vars = InProcessAgent.plan(sample("variables.properties"), "a1");
        assertEquals("127.0.0.1", vars.plan().sources().get(0).settings().raw().get("bind"));
        assertEquals("44445", vars.plan().sources().get(0).settings().raw().get("port"));
        assertEquals("/var/tmp/127.0.0.1/out", vars.plan().sinks().get(0).settings().raw().get("sink.directory"));
        PlanBuilder.Result flows = InProcessAgent.plan(sample("two-flows-class-names.properties"), "collector");
        assertEquals("/var/tmp/flume-rolled", flows.plan().sinks().get(0).settings().raw().get("sink.directory"));
    }
}
