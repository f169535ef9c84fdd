package io.sluice.channels.file;

import io.sluice.channels.file.wal.record.RecordHeader;
import io.sluice.channels.file.wal.record.RecordType;
import io.sluice.channels.file.wal.segment.SegmentHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test access to segment files: which exist, where their records start, and ways to damage them. */
final class Records {
    private Records() {
    }

    record At(long offset, int length, RecordHeader header) {
    }

    /** Segment files of a data directory, oldest first. */
    static List<Path> segments(Path dataDir) throws IOException {
        try (Stream<Path> s = Files.list(dataDir)) {
            return s.filter(p -> p.getFileName().toString().matches("segment-\\d{10}\\.wal")).sorted().toList();
        }
    }

    /** The intact PUT and TAKE records of a segment file, in order (not the writer's PREVIOUS and ROLL). */
    static List<At> of(Path segment) throws IOException {
        return all(segment).stream().filter(r -> r.header().type() == RecordType.PUT
                || r.header().type() == RecordType.TAKE).toList();
    }

    /** Every intact record of a segment file, in order. */
    static List<At> all(Path segment) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<At> out = new ArrayList<>();
        int pos = SegmentHeader.SIZE;
        while (pos + RecordHeader.SIZE <= buf.limit()) {
            RecordHeader h = RecordHeader.parse(buf, pos);
            if (h == null || pos + h.length() > buf.limit()) {
                break;
            }
            out.add(new At(pos, h.length(), h));
            pos += h.length();
        }
        return out;
    }

    /** The last segment holding at least one PUT or TAKE record. */
    static Path lastWithRecords(Path dataDir) throws IOException {
        List<Path> all = segments(dataDir);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (!of(all.get(i)).isEmpty()) {
                return all.get(i);
            }
        }
        throw new AssertionError("no segment with records in " + dataDir);
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    static void flip(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= (byte) 0xFF;
        Files.write(file, bytes);
    }

    static void zero(Path file, long from, long to) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (long i = from; i < to; i++) {
            bytes[(int) i] = 0;
        }
        Files.write(file, bytes);
    }
}
