package io.sluice.sources.local.deserializer;

import io.sluice.api.Event;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code BLOB} deserializer (Flume's morphline {@code BlobDeserializer}, spec §10.2): the whole
 * file as one event of raw bytes. A file longer than {@code maxBlobLength} is split into events of
 * that many bytes, as Flume does; Sluice logs the split once per file. One read returns at most
 * {@code maxBlobLength} bytes of events, so a batch never holds more than one blob's worth of memory
 * (Flume holds up to batchSize blobs). Not thread-safe.
 */
final class BlobDeserializer implements EventDeserializer {
    private static final Logger LOG = LoggerFactory.getLogger(BlobDeserializer.class);

    private final Path path;
    private final RandomAccessFile file;
    private final int maxBlobLength;
    private long position;
    private boolean splitLogged;

    BlobDeserializer(Path path, int maxBlobLength) throws IOException {
        this.path = path;
        this.file = new RandomAccessFile(path.toFile(), "r");
        this.maxBlobLength = maxBlobLength;
    }

    @Override
    public List<Event> read(int max) throws IOException {
        long length = file.length();
        List<Event> out = new ArrayList<>(1);
        long bytes = 0;
        while (out.size() < max && position < length && bytes < maxBlobLength) {
            int n = (int) Math.min(maxBlobLength, length - position);
            if (n < length && !splitLogged) {
                splitLogged = true;
                LOG.warn("{} is {} bytes, longer than maxBlobLength ({}): it is split into {} events", path, length,
                        maxBlobLength, (length + maxBlobLength - 1) / maxBlobLength);
            }
            byte[] body = new byte[n];
            file.seek(position);
            file.readFully(body);
            out.add(Event.of(body));
            position += n;
            bytes += n;
        }
        return out;
    }

    @Override
    public ReadMark mark() {
        return new ReadMark(position, 0);
    }

    @Override
    public void seek(ReadMark mark) {
        position = mark.offset();
    }

    @Override
    public boolean atEnd() throws IOException {
        return position >= file.length();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
