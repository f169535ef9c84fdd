package io.sluice.sinks.hdfs;

import io.sluice.serializers.SerializerFormat;
import java.time.ZoneId;

/**
 * An hdfs sink's validated settings in the form the file side uses: no Hadoop types, so it can be
 * built while validating. Immutable.
 *
 * @param fileType         DATASTREAM, COMPRESSEDSTREAM or SEQUENCEFILE
 * @param codec            a short name from {@link CodecNames}, or "none"
 * @param writeFormat      WRITABLE or TEXT (SequenceFile values)
 * @param minBlockReplicas null: Hadoop's dfs.replication
 * @param closeTries       0: unlimited
 */
public record HdfsSinkConfig(
        String sinkName,
        String path,
        String filePrefix,
        String fileSuffix,
        String inUsePrefix,
        String inUseSuffix,
        long rollIntervalSeconds,
        long rollSize,
        long rollCount,
        long idleTimeoutSeconds,
        String fileType,
        String codec,
        String writeFormat,
        SerializerFormat serializer,
        int maxOpenFiles,
        Integer minBlockReplicas,
        int threadsPoolSize,
        long callTimeoutMillis,
        long retryIntervalSeconds,
        int closeTries,
        String kerberosPrincipal,
        String kerberosKeytab,
        String proxyUser,
        ZoneId timeZone) {

    public boolean sequenceFile() {
        return fileType.equals("SEQUENCEFILE");
    }

    public boolean compressed() {
        return !codec.equals("none");
    }

    /** The extension every final file name ends with: fileSuffix, else the codec's, else none. */
    public String extension(String codecExtension) {
        return !fileSuffix.isEmpty() ? fileSuffix : compressed() ? codecExtension : "";
    }
}
