package io.sluice.sources.local.deserializer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.apache.avro.file.SeekableInput;

/**
 * Avro's view of a file. Avro's own {@code SeekableFileInput} seeks through a FileChannel, which a
 * thread interrupt (how sources are stopped) closes for good; RandomAccessFile is not affected.
 * Not thread-safe.
 */
final class RandomAccessInput implements SeekableInput {
    private final RandomAccessFile file;

    RandomAccessInput(Path path) throws IOException {
        this.file = new RandomAccessFile(path.toFile(), "r");
    }

    @Override
    public void seek(long p) throws IOException {
        file.seek(p);
    }

    @Override
    public long tell() throws IOException {
        return file.getFilePointer();
    }

    @Override
    public long length() throws IOException {
        return file.length();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return file.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
