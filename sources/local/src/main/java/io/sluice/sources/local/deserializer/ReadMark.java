package io.sluice.sources.local.deserializer;

/**
 * Where a deserializer stands in its file, in a form that survives a restart: a byte offset, and
 * how many events to skip after seeking there. Text and blob deserializers stop at exact byte
 * boundaries ({@code skip} is 0); the Avro deserializer can only seek to the start of a block, so
 * it names that block and the records of it already delivered.
 */
public record ReadMark(long offset, long skip) {
    public static final ReadMark START = new ReadMark(0, 0);

    public ReadMark {
        if (offset < 0 || skip < 0) {
            throw new IllegalArgumentException("negative read mark: offset " + offset + ", skip " + skip);
        }
    }
}
