package io.sluice.channels.file.wal.segment;

import io.sluice.channels.file.io.Storage;
import io.sluice.channels.file.io.StorageFile;
import io.sluice.channels.file.wal.record.PreviousSegment;
import io.sluice.channels.file.wal.record.RecordHeader;
import io.sluice.channels.file.wal.record.RecordType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The segments of one log, spread over the data directories: segment id {@code N} lives in
 * {@code dataDirs[N % dataDirs.size()]} as {@code segment-NNNNNNNNNN.wal}. Finds them at start,
 * creates new ones atomically, hands out segments by id, and deletes the oldest ones.
 * Thread-safe.
 */
public final class SegmentSet implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("segment-(\\d{10})\\.wal");
    private static final String TEMP_SUFFIX = ".tmp";
    /** Where a new segment's transaction records start: after its header and PREVIOUS record. */
    public static final int RECORDS_START = SegmentHeader.SIZE + PreviousSegment.LENGTH;

    /**
     * A segment file found by {@link #scan}; {@code header} is null and {@code problem} says why when
     * it is unreadable. {@code previous} is its PREVIOUS record, null when it has none (version 1) or
     * that record is damaged.
     */
    public record Found(long id, Path path, long size, SegmentHeader header, String problem,
                        PreviousSegment previous) {
    }

    /** What {@link #scan} found: segments by id, leftover temp files, and ids present in two directories. */
    public record Scan(List<Found> segments, List<Path> tempFiles, List<String> duplicates) {
    }

    private final Storage storage;
    private final List<Path> dirs;
    private final boolean writable;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();

    public SegmentSet(Storage storage, List<Path> dataDirs, boolean writable, List<Found> found) {
        this.storage = storage;
        this.dirs = List.copyOf(dataDirs);
        this.writable = writable;
        for (Found f : found) {
            segments.put(f.id(), new Segment(f.id(), f.path(), storage, writable, null, f.size()));
        }
    }

    public static String fileName(long id) {
        return String.format("segment-%010d.wal", id);
    }

    /** Reads the header of every segment file in the directories (missing directories hold none). */
    public static Scan scan(Storage storage, List<Path> dataDirs) throws IOException {
        Map<Long, Found> byId = new HashMap<>();
        List<Path> temps = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        for (Path dir : dataDirs) {
            if (!storage.isDirectory(dir)) {
                continue;
            }
            for (Path p : storage.list(dir)) {
                String name = p.getFileName().toString();
                Matcher m = NAME.matcher(name);
                if (m.matches()) {
                    Found f = read(storage, Long.parseLong(m.group(1)), p);
                    Found earlier = byId.putIfAbsent(f.id(), f);
                    if (earlier != null) {
                        duplicates.add("segment " + f.id() + " exists twice: " + earlier.path() + " and " + p);
                    }
                } else if (name.endsWith(".wal" + TEMP_SUFFIX) && name.startsWith("segment-")) {
                    temps.add(p);
                }
            }
        }
        List<Found> sorted = new ArrayList<>(byId.values());
        sorted.sort(Comparator.comparingLong(Found::id));
        return new Scan(sorted, temps, duplicates);
    }

    private static Found read(Storage storage, long id, Path path) throws IOException {
        try (StorageFile f = storage.open(path, false)) {
            long size = f.size();
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size, RECORDS_START));
            f.readUpTo(buf, 0);
            buf.flip();
            try {
                SegmentHeader header = SegmentHeader.parse(buf);
                if (header.segmentId() != id) {
                    return new Found(id, path, size, null, "its header names segment " + header.segmentId(), null);
                }
                return new Found(id, path, size, header, null, header.version() >= 2 ? previous(buf) : null);
            } catch (IllegalArgumentException e) {
                return new Found(id, path, size, null, e.getMessage(), null);
            }
        }
    }

    /** The PREVIOUS record right after the header, or null if it is not there intact. */
    private static PreviousSegment previous(ByteBuffer buf) {
        if (buf.limit() < RECORDS_START) {
            return null;
        }
        RecordHeader header = RecordHeader.parse(buf, SegmentHeader.SIZE);
        return header == null ? null : PreviousSegment.decode(buf, SegmentHeader.SIZE, header);
    }

    /**
     * Creates segment {@code id} with its header and its PREVIOUS record ({@code previous} describes
     * segment {@code id - 1}): written to a temp file, forced, renamed into place and the directory
     * forced, so a crash leaves either no segment or a complete empty one.
     */
    public Segment create(long id, UUID logId, PreviousSegment previous) throws IOException {
        Path dir = dirs.get((int) (id % dirs.size()));
        Path path = dir.resolve(fileName(id));
        Path temp = dir.resolve(fileName(id) + TEMP_SUFFIX);
        storage.delete(temp);
        try (StorageFile f = storage.create(temp)) {
            f.writeFully(new SegmentHeader(SegmentHeader.VERSION, id, logId, System.currentTimeMillis()).encode(), 0);
            f.writeFully(previous.encode(), SegmentHeader.SIZE);
            f.force();
        }
        storage.moveAtomically(temp, path);
        storage.syncDirectory(dir);
        Segment s = new Segment(id, path, storage, true, storage.open(path, true), RECORDS_START);
        synchronized (this) {
            segments.put(id, s);
        }
        return s;
    }

    /**
     * Overwrites the PREVIOUS record of segment {@code id} with {@link PreviousSegment#UNKNOWN} and
     * forces it: the segment before it no longer holds what that record says (it was cut back after a
     * failed fsync, or a crash took its last records). Does nothing for a segment without one.
     */
    public void forgetPrevious(long id) throws IOException {
        Segment s = get(id);
        if (s == null || s.written() < RECORDS_START) {
            return;
        }
        StorageFile f = s.file();
        ByteBuffer buf = ByteBuffer.allocate(RecordHeader.SIZE);
        f.readFully(buf, SegmentHeader.SIZE);
        RecordHeader header = RecordHeader.parse(buf, 0);
        if (header != null && header.type() == RecordType.PREVIOUS) {
            f.writeFully(PreviousSegment.UNKNOWN.encode(), SegmentHeader.SIZE);
            f.force();
        }
    }

    /** The segment with that id, or null if there is none. */
    public synchronized Segment get(long id) {
        return segments.get(id);
    }

    /** A copy of the segments by id. */
    public synchronized NavigableMap<Long, Segment> all() {
        return new TreeMap<>(segments);
    }

    /**
     * Deletes every segment with an id below {@code id}, oldest first, and forces the directories so
     * a deleted segment does not come back after a crash; returns the deleted ones.
     */
    public List<Segment> deleteBefore(long id) throws IOException {
        List<Segment> deleted = new ArrayList<>();
        while (true) {
            Segment s;
            synchronized (this) {
                Map.Entry<Long, Segment> first = segments.firstEntry();
                if (first == null || first.getKey() >= id) {
                    break;
                }
                s = segments.remove(first.getKey());
            }
            s.close();
            storage.delete(s.path());
            deleted.add(s);
        }
        if (!deleted.isEmpty()) {
            for (Path dir : dirs) {
                storage.syncDirectory(dir);
            }
        }
        return deleted;
    }

    @Override
    public synchronized void close() {
        for (Segment s : segments.values()) {
            s.close();
        }
    }
}
