package io.sluice.sinks.hdfs;

import io.sluice.api.metrics.SinkCounter;
import io.sluice.api.util.IsolatedLibrary;
import java.io.IOException;

/**
 * Makes the Hadoop side of an hdfs sink ({@code io.sluice.sinks.hdfs.hadoop}) when the sink starts.
 *
 * <p>In the distribution Hadoop's jars are not on the agent's class path but in {@code lib/hadoop/}
 * (60 MB with their helpers), beside this module's jar: merely being on the class path cost every
 * agent about 40 ms of start-up. The first hdfs sink to start makes one {@link IsolatedLibrary}
 * loader over them for the whole process; it defines the {@code hadoop} package and Hadoop itself
 * (so those classes link against this Hadoop, not the copy of {@code org.apache.hadoop.conf} another
 * plugin may bring) and leaves everything else to the agent's class loader (so the sink and its
 * Hadoop side share the api types). Where Hadoop is already visible (tests, an embedding
 * application), it is used as is. Stateless apart from that one loader.
 */
final class HadoopLoader {
    private static final String HADOOP_SIDE = "io.sluice.sinks.hdfs.hadoop.";
    private static final String FILES_CLASS = HADOOP_SIDE + "HadoopBucketFiles";
    /**
     * A class only Hadoop's full client has. Not org.apache.hadoop.conf: other plugins' jars (HBase's
     * shaded client) carry those packages too, and seeing them says nothing about HDFS being there.
     */
    private static final String PROBE = "org.apache.hadoop.hdfs.HdfsConfiguration";

    private static final IsolatedLibrary HADOOP = new IsolatedLibrary("Hadoop's client", HdfsSink.class, "hadoop",
            PROBE, HADOOP_SIDE, "org.apache.hadoop.");

    private HadoopLoader() {
    }

    /** A {@code HadoopBucketFiles} for the sink, created through the Hadoop class loader. */
    static BucketFiles create(HdfsSinkConfig config, SinkCounter counter) throws IOException {
        return HADOOP.newInstance(BucketFiles.class, FILES_CLASS,
                new Class<?>[] {HdfsSinkConfig.class, SinkCounter.class}, config, counter);
    }
}
