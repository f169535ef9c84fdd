package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.Kind;
import io.sluice.runtime.config.ReferenceDoc;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every bundled alias resolves (also by Flume's class name), and the committed reference page is current. */
class ComponentCatalogTest {

    @Test
    void everyBundledComponentResolvesByAliasAndByFlumeClassName() {
        String[][] expected = {
            {"SOURCE", "netcat", "org.apache.flume.source.NetcatSource"},
            {"SOURCE", "netcatudp", "org.apache.flume.source.NetcatUdpSource"},
            {"SOURCE", "seq", "org.apache.flume.source.SequenceGeneratorSource"},
            {"SOURCE", "avro", "org.apache.flume.source.AvroSource"},
            {"SOURCE", "exec", "org.apache.flume.source.ExecSource"},
            {"SOURCE", "spooldir", "org.apache.flume.source.SpoolDirectorySource"},
            {"SOURCE", "taildir", "org.apache.flume.source.taildir.TaildirSource"},
            {"CHANNEL", "memory", "org.apache.flume.channel.MemoryChannel"},
            {"CHANNEL", "file", "org.apache.flume.channel.file.FileChannel"},
            {"SINK", "logger", "org.apache.flume.sink.LoggerSink"},
            {"SINK", "null", "org.apache.flume.sink.NullSink"},
            {"SINK", "file_roll", "org.apache.flume.sink.RollingFileSink"},
            {"SINK", "avro", "org.apache.flume.sink.AvroSink"},
            {"SELECTOR", "replicating", "org.apache.flume.channel.ReplicatingChannelSelector"},
            {"SINK_PROCESSOR", "default", "org.apache.flume.sink.DefaultSinkProcessor"},
        };
        for (String[] e : expected) {
            Kind kind = Kind.valueOf(e[0]);
            assertTrue(InProcessAgent.REGISTRY.find(kind, e[1]).isPresent(), e[1]);
            assertTrue(InProcessAgent.REGISTRY.find(kind, e[1].toUpperCase()).isPresent(), e[1] + " in upper case");
            assertEquals(e[1], InProcessAgent.REGISTRY.find(kind, e[2]).orElseThrow().alias(), e[2]);
        }
    }

    @Test
    void docsConfigurationReferenceIsGeneratedFromTheCurrentDeclarations() throws Exception {
        Path page = Path.of(System.getProperty("sluice.home", "../.."), "docs", "configuration-reference.md");
        String generated = ReferenceDoc.render(InProcessAgent.REGISTRY);
        assertTrue(Files.exists(page), "missing " + page + "; run: bin/agent reference > docs/configuration-reference.md");
        assertEquals(generated, Files.readString(page),
                "docs/configuration-reference.md is stale; run: bin/agent reference > docs/configuration-reference.md");
    }
}
