package io.sluice.channels.file.wal.checkpoint;

import io.sluice.channels.file.queue.Entries;
import io.sluice.channels.file.wal.Pointer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Checkpoint file format version 1 (see {@link io.sluice.channels.file.wal}): a fixed header, the
 * live events as runs of consecutive sequence numbers in one segment (4 bytes per event in the
 * common case), and a checksum of everything. Stateless.
 */
public final class CheckpointCodec {
    private static final byte[] MAGIC = "SLUICECP".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HEADER = 64;
    private static final int RUN_HEADER = 16;

    private CheckpointCodec() {
    }

    public static ByteBuffer encode(Checkpoint c) {
        Entries e = c.entries();
        int n = e.size();
        int runs = 0;
        for (int i = 0; i < n; i++) {
            if (startsRun(e, i)) {
                runs++;
            }
        }
        long size = HEADER + (long) runs * RUN_HEADER + 4L * n + 4;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("a checkpoint of " + n + " events is too large for one file");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        buf.put(MAGIC).putInt(VERSION)
                .putLong(c.logId().getMostSignificantBits()).putLong(c.logId().getLeastSignificantBits())
                .putLong(c.position()).putLong(c.nextSeq()).putLong(c.writtenMillis()).putLong(n).putInt(runs);
        for (int i = 0; i < n; ) {
            int j = i + 1;
            while (j < n && !startsRun(e, j)) {
                j++;
            }
            buf.putLong(e.seq(i)).putInt((int) Pointer.segment(e.pointer(i))).putInt(j - i);
            for (int k = i; k < j; k++) {
                buf.putInt((int) Pointer.offset(e.pointer(k)));
            }
            i = j;
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        buf.flip();
        return buf;
    }

    /** Parses a whole checkpoint file; throws IllegalArgumentException saying what is wrong with it. */
    public static Checkpoint decode(ByteBuffer buf) {
        int size = buf.remaining();
        if (size < HEADER + 4) {
            throw new IllegalArgumentException("it is " + size + " bytes long, shorter than a checkpoint header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (buf.get(i) != MAGIC[i]) {
                throw new IllegalArgumentException("it is not a Sluice checkpoint (no SLUICECP magic)");
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(0, size - 4));
        if (buf.getInt(size - 4) != (int) crc.getValue()) {
            throw new IllegalArgumentException("checksum mismatch (truncated or damaged)");
        }
        int version = buf.getInt(8);
        if (version != VERSION) {
            throw new IllegalArgumentException("checkpoint format version " + version + "; this Sluice reads version "
                    + VERSION);
        }
        UUID logId = new UUID(buf.getLong(12), buf.getLong(20));
        long position = buf.getLong(28);
        long nextSeq = buf.getLong(36);
        long written = buf.getLong(44);
        long n = buf.getLong(52);
        int runs = buf.getInt(60);
        if (n < 0 || n > Integer.MAX_VALUE - 8 || runs < 0 || HEADER + (long) runs * RUN_HEADER + 4 * n + 4 != size) {
            throw new IllegalArgumentException("its header (" + n + " events in " + runs + " runs) does not match its "
                    + size + " bytes");
        }
        Entries entries = new Entries((int) n);
        int p = HEADER;
        for (int r = 0; r < runs; r++) {
            long first = buf.getLong(p);
            long segment = buf.getInt(p + 8) & 0xFFFF_FFFFL;
            int count = buf.getInt(p + 12);
            p += RUN_HEADER;
            if (count <= 0 || entries.size() + (long) count > n) {
                throw new IllegalArgumentException("run " + r + " holds " + count + " events, more than the header says");
            }
            for (int k = 0; k < count; k++) {
                entries.add(first + k, Pointer.of(segment, buf.getInt(p) & 0xFFFF_FFFFL), null);
                p += 4;
            }
        }
        if (entries.size() != n) {
            throw new IllegalArgumentException("its runs hold " + entries.size() + " events, the header says " + n);
        }
        return new Checkpoint(logId, position, nextSeq, written, entries);
    }

    private static boolean startsRun(Entries e, int i) {
        return i == 0 || e.seq(i) != e.seq(i - 1) + 1
                || Pointer.segment(e.pointer(i)) != Pointer.segment(e.pointer(i - 1));
    }
}
