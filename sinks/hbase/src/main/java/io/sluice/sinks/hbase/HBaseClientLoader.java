package io.sluice.sinks.hbase;

import io.sluice.api.util.IsolatedLibrary;
import java.io.IOException;

/**
 * Makes the HBase client side of a sink ({@code io.sluice.sinks.hbase.client}) when the sink starts.
 *
 * <p>In the distribution HBase's shaded client and the jars it brings sit in {@code lib/hbase/}, off
 * the agent's class path, and the first HBase sink to start makes one {@link IsolatedLibrary} loader
 * over them for the process. That loader takes the client side, {@code org.apache.hadoop.} (HBase's
 * own packages and the Hadoop classes its shaded jar bundles) and {@code org.apache.hbase.} (its
 * relocated dependencies) from its own jars first, so an hdfs sink's Hadoop in the same agent, which
 * has a loader of its own, never mixes with HBase's copy. Where HBase's client is already visible
 * (the module's tests, an embedding application), it is used as is. Stateless apart from that loader.
 */
final class HBaseClientLoader {
    private static final String CLIENT_SIDE = "io.sluice.sinks.hbase.client.";
    private static final String WRITER_CLASS = CLIENT_SIDE + "HBaseTableWriter";
    /**
     * A class of HBase's client API, the same in the shaded and the unshaded client; not a Hadoop
     * class, which Hadoop's own client (the hdfs sink's) has as well.
     */
    private static final String PROBE = "org.apache.hadoop.hbase.client.ConnectionFactory";

    private static final IsolatedLibrary HBASE = new IsolatedLibrary("HBase's client", HBaseSink.class, "hbase",
            PROBE, CLIENT_SIDE, "org.apache.hadoop.", "org.apache.hbase.");

    private HBaseClientLoader() {
    }

    /** Connects to HBase and checks the table and its column family, through the HBase class loader. */
    static TableWriter open(HBaseSinkSettings settings) throws IOException {
        return HBASE.newInstance(TableWriter.class, WRITER_CLASS, new Class<?>[] {HBaseSinkSettings.class}, settings);
    }
}
