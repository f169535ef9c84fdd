package io.sluice.sinks.hdfs;

/**
 * Where a group of events goes: a resolved directory and file-name prefix. One open file at most per
 * key. Immutable.
 */
public record BucketKey(String directory, String prefix) {
    @Override
    public String toString() {
        return directory + "/" + prefix;
    }
}
