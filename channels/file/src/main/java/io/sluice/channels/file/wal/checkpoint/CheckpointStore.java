package io.sluice.channels.file.wal.checkpoint;

import io.sluice.channels.file.io.Storage;
import io.sluice.channels.file.io.StorageFile;
import io.sluice.channels.file.wal.PausePoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoint files: {@code sluice-checkpoint} and the one before it, {@code .prev}, in the
 * checkpoint directory, and a copy in the backup directory when dual checkpoints are on. Each is
 * written to a temp file, forced, and renamed into place, so a crash leaves the old file or the new
 * one, never a mix. Remembers the log positions of the checkpoints it knows to be intact, so the
 * segments every one of them needs are kept.
 *
 * <p>Thread-safe: writes are serialised; reads happen at start only.
 */
public final class CheckpointStore {
    public static final String CURRENT = "sluice-checkpoint";
    public static final String PREVIOUS = CURRENT + ".prev";
    static final String TEMP = CURRENT + ".tmp";

    /** A checkpoint file as read at start: intact (checkpoint set) or not (problem set). */
    public record Candidate(String label, Path path, Checkpoint checkpoint, String problem) {
    }

    private final Storage storage;
    private final Path dir;
    private final Path backupDir;
    private Long currentPosition;
    private Long previousPosition;
    private Long backupPosition;

    /** @param backupDir null without dual checkpoints */
    public CheckpointStore(Storage storage, Path dir, Path backupDir) {
        this.storage = storage;
        this.dir = dir;
        this.backupDir = backupDir;
    }

    /** Every checkpoint file, best first: current, previous, backup. Absent files are left out. */
    public List<Candidate> read() throws IOException {
        List<Candidate> out = new ArrayList<>();
        read("checkpoint", dir.resolve(CURRENT), out);
        read("previous checkpoint", dir.resolve(PREVIOUS), out);
        if (backupDir != null) {
            read("backup checkpoint", backupDir.resolve(CURRENT), out);
        }
        return out;
    }

    private void read(String label, Path path, List<Candidate> out) throws IOException {
        if (!storage.exists(path)) {
            return;
        }
        try (StorageFile f = storage.open(path, false)) {
            long size = f.size();
            if (size > Integer.MAX_VALUE - 8) {
                out.add(new Candidate(label, path, null, "it is " + size + " bytes long, too large for a checkpoint"));
                return;
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            f.readUpTo(buf, 0);
            buf.flip();
            out.add(new Candidate(label, path, CheckpointCodec.decode(buf), null));
        } catch (IllegalArgumentException e) {
            out.add(new Candidate(label, path, null, e.getMessage()));
        }
    }

    /** Temp files an interrupted checkpoint write left behind. */
    public List<Path> leftovers() {
        List<Path> out = new ArrayList<>();
        for (Path d : backupDir == null ? List.of(dir) : List.of(dir, backupDir)) {
            Path temp = d.resolve(TEMP);
            if (storage.exists(temp)) {
                out.add(temp);
            }
        }
        return out;
    }

    /** Records which files recovery found intact, so their segments are kept until they are replaced. */
    public synchronized void adopt(List<Candidate> intact) {
        for (Candidate c : intact) {
            if (c.checkpoint() == null) {
                continue;
            }
            long p = c.checkpoint().position();
            if (c.path().equals(dir.resolve(CURRENT))) {
                currentPosition = p;
            } else if (c.path().equals(dir.resolve(PREVIOUS))) {
                previousPosition = p;
            } else {
                backupPosition = p;
            }
        }
    }

    /** Writes a new current checkpoint; the intact current one becomes the previous one. */
    public synchronized void write(long position, ByteBuffer bytes) throws IOException {
        writeTemp(dir, bytes);
        if (currentPosition != null) {
            storage.moveAtomically(dir.resolve(CURRENT), dir.resolve(PREVIOUS));
            previousPosition = currentPosition;
        }
        storage.moveAtomically(dir.resolve(TEMP), dir.resolve(CURRENT));
        storage.syncDirectory(dir);
        currentPosition = position;
    }

    /** Copies a checkpoint to the backup directory (useDualCheckpoints). */
    public synchronized void writeBackup(long position, ByteBuffer bytes) throws IOException {
        if (backupDir == null) {
            return;
        }
        writeTemp(backupDir, bytes);
        storage.moveAtomically(backupDir.resolve(TEMP), backupDir.resolve(CURRENT));
        storage.syncDirectory(backupDir);
        backupPosition = position;
    }

    /**
     * Whether the previous or backup checkpoint replays from further back than the current one; then
     * they keep older segments alive, and one more checkpoint of unchanged state lets those go.
     */
    public synchronized boolean lagging() {
        if (currentPosition == null) {
            return false;
        }
        return !currentPosition.equals(previousPosition)
                || backupDir != null && !currentPosition.equals(backupPosition);
    }

    public boolean hasBackup() {
        return backupDir != null;
    }

    /** The oldest log position some kept checkpoint replays from, or {@code fallback} if none is known. */
    public synchronized long oldestPosition(long fallback) {
        long oldest = fallback;
        for (Long p : new Long[] {currentPosition, previousPosition, backupPosition}) {
            if (p != null) {
                oldest = Math.min(oldest, p);
            }
        }
        return oldest;
    }

    private void writeTemp(Path d, ByteBuffer bytes) throws IOException {
        Path temp = d.resolve(TEMP);
        storage.delete(temp);
        ByteBuffer b = bytes.duplicate();
        int base = b.position();
        int half = base + b.remaining() / 2;
        try (StorageFile f = storage.create(temp)) {
            f.writeFully(b.duplicate().limit(half), 0);
            PausePoint.reach("checkpoint-write", temp);
            f.writeFully(b.position(half), half - base);
            f.force();
        }
    }
}
