package io.sluice.sources.local.spooldir;

import io.sluice.sources.local.deserializer.ReadMark;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spooling source's durable read position: which file it is reading and the mark up to which
 * its events are committed to the channels. Written after every commit that leaves a file
 * unfinished, before the source reads on; a process crash therefore repeats at most the one batch
 * whose commit the position did not record yet. The write reaches the file system at once (a killed
 * process loses nothing of it) and is fsynced at most every {@code syncInterval} (and always when a
 * file is finished and at close), which bounds what a machine crash can repeat; an interval of 0
 * syncs every write.
 *
 * <p>Format (Sluice's own; Flume's {@code .flumespool-main.meta} is not read): two slots of
 * {@value #SLOT_BYTES} bytes, written alternately, so a write torn by a crash leaves the other,
 * older slot intact.
 *
 * <pre>
 * slot:    magic "SLSP" | version u8 = 1 | sequence u64 | length u32 | payload | crc32c u32
 *          (the CRC covers version, sequence, length and payload; big-endian numbers)
 * payload: pathLength u16 | path (UTF-8, relative to spoolDir; empty = no file in progress)
 *          | keyLength u16 | fileKey (UTF-8) | size u64 | modifiedNanos u64 | offset u64 | skip u64
 * </pre>
 *
 * The valid slot with the higher sequence is current. Each write is a positional write into the
 * slot: no rename, so no directory sync is needed. Not thread-safe.
 */
final class SpoolPositionFile implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolPositionFile.class);

    static final int SLOT_BYTES = 8192;
    private static final int MAGIC = 0x534C5350; // "SLSP"
    private static final byte VERSION = 1;
    private static final int HEADER = 4 + 1 + 8 + 4;
    private static final int MAX_TEXT = 4000;

    /** A committed position: the file (relative path and stamp when it was opened) and the mark in it. */
    record Position(String relativePath, FileStamp stamp, ReadMark mark) {
    }

    private final Path path;
    private final RandomAccessFile file;
    private final long syncIntervalNanos;
    private long sequence;
    private Position current;
    private boolean unsynced;
    private long lastSyncNanos = System.nanoTime();

    private SpoolPositionFile(Path path, RandomAccessFile file, long syncIntervalNanos) {
        this.path = path;
        this.file = file;
        this.syncIntervalNanos = syncIntervalNanos;
    }

    /** Opens (creating if needed) the position file and reads its current position. */
    static SpoolPositionFile open(Path path, long syncIntervalNanos) throws IOException {
        RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw");
        SpoolPositionFile f = new SpoolPositionFile(path, raf, syncIntervalNanos);
        try {
            f.load();
        } catch (IOException | RuntimeException e) {
            raf.close();
            throw e;
        }
        return f;
    }

    private void load() throws IOException {
        long length = file.length();
        Slot best = null;
        for (int i = 0; i < 2; i++) {
            Slot s = readSlot(i);
            if (s != null && (best == null || s.sequence > best.sequence)) {
                best = s;
            }
        }
        if (best == null) {
            if (length > 0) {
                LOG.warn("Spool position file {} holds no valid record ({} bytes); files start from their beginning",
                        path, length);
            }
            return;
        }
        sequence = best.sequence;
        current = best.position;
    }

    private record Slot(long sequence, Position position) {
    }

    private Slot readSlot(int index) throws IOException {
        long at = (long) index * SLOT_BYTES;
        if (file.length() < at + HEADER + 4) {
            return null;
        }
        byte[] raw = new byte[SLOT_BYTES];
        file.seek(at);
        int n = file.read(raw);
        if (n < HEADER + 4) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(raw, 0, n);
        if (b.getInt() != MAGIC || b.get() != VERSION) {
            return null;
        }
        long seq = b.getLong();
        int length = b.getInt();
        if (length < 0 || HEADER + length + 4 > n) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(raw, 4, 1 + 8 + 4 + length);
        b.position(HEADER + length);
        if ((int) crc.getValue() != b.getInt()) {
            return null;
        }
        b.position(HEADER);
        String rel = text(b);
        String key = text(b);
        long size = b.getLong();
        long modified = b.getLong();
        long offset = b.getLong();
        long skip = b.getLong();
        if (offset < 0 || skip < 0) {
            return null;
        }
        return new Slot(seq, rel.isEmpty() ? null : new Position(rel, new FileStamp(key, size, modified),
                new ReadMark(offset, skip)));
    }

    private static String text(ByteBuffer b) {
        int len = Short.toUnsignedInt(b.getShort());
        byte[] t = new byte[len];
        b.get(t);
        return new String(t, StandardCharsets.UTF_8);
    }

    /** The last saved position, or null when no file was in progress. */
    Position current() {
        return current;
    }

    /** Records {@code position}; it is synced to disk if the sync interval has passed. */
    void save(Position position) throws IOException {
        write(position);
        if (System.nanoTime() - lastSyncNanos >= syncIntervalNanos) {
            sync();
        }
    }

    /** Records, synced to disk, that no file is in progress. */
    void clear() throws IOException {
        if (current != null) {
            write(null);
        }
        sync();
    }

    private void sync() throws IOException {
        if (unsynced) {
            file.getFD().sync();
            unsynced = false;
        }
        lastSyncNanos = System.nanoTime();
    }

    private void write(Position p) throws IOException {
        byte[] rel = p == null ? new byte[0] : p.relativePath().getBytes(StandardCharsets.UTF_8);
        byte[] key = p == null ? new byte[0] : p.stamp().fileKey().getBytes(StandardCharsets.UTF_8);
        if (rel.length > MAX_TEXT || key.length > MAX_TEXT) {
            throw new IOException("path too long for the spool position file " + path + ": " + p.relativePath());
        }
        int length = 2 + rel.length + 2 + key.length + 4 * 8;
        ByteBuffer b = ByteBuffer.allocate(HEADER + length + 4);
        long seq = sequence + 1;
        b.putInt(MAGIC).put(VERSION).putLong(seq).putInt(length);
        b.putShort((short) rel.length).put(rel).putShort((short) key.length).put(key);
        b.putLong(p == null ? 0 : p.stamp().size()).putLong(p == null ? 0 : p.stamp().modifiedNanos());
        b.putLong(p == null ? 0 : p.mark().offset()).putLong(p == null ? 0 : p.mark().skip());
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 4, 1 + 8 + 4 + length);
        b.putInt((int) crc.getValue());
        file.seek((seq & 1) * SLOT_BYTES);
        file.write(b.array(), 0, b.position());
        unsynced = true;
        sequence = seq;
        current = p;
    }

    @Override
    public void close() throws IOException {
        try {
            sync();
        } finally {
            file.close();
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
