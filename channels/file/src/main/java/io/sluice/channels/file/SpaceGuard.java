package io.sluice.channels.file;

import io.sluice.api.ChannelException;
import io.sluice.channels.file.io.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps puts from filling the disk: a put commit is refused while any of the channel's directories
 * would have less than {@code minimumRequiredSpace} bytes free after it. Only puts: takes, their
 * commits and checkpoints use the space below the floor, which is what lets a full channel drain
 * and delete its own segments, and puts resume by themselves once space is back. Free space is read
 * through the {@link Storage} seam at most every 100 ms. Thread-safe.
 */
final class SpaceGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceGuard.class);
    private static final long REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String name;
    private final Storage storage;
    private final List<Path> dirs;
    private final long floor;
    private volatile long checkedAt = System.nanoTime() - REFRESH_NANOS;
    private volatile Path lowest;
    private volatile long lowestFree = Long.MAX_VALUE;
    private volatile boolean refusing;

    SpaceGuard(String name, Storage storage, List<Path> dirs, long minimumRequiredSpace) {
        this.name = name;
        this.storage = storage;
        this.dirs = List.copyOf(dirs);
        this.floor = minimumRequiredSpace;
    }

    /** Throws ChannelException naming the directory and the floor when a put of {@code bytes} would go below it. */
    void checkPut(long bytes) {
        refresh();
        long free = lowestFree;
        if (free - bytes >= floor) {
            if (refusing) {
                refusing = false;
                LOG.info("File channel {}: {} bytes free in {} again, above minimumRequiredSpace = {}; puts resume", name,
                        free, lowest, floor);
            }
            return;
        }
        if (!refusing) {
            refusing = true;
            LOG.warn("File channel {}: refusing puts: {} has {} bytes free, and minimumRequiredSpace = {} bytes must "
                    + "stay free; takes go on, and puts resume by themselves when space is freed", name, lowest, free,
                    floor);
        }
        throw new ChannelException("File channel " + name + " refuses the put of " + bytes + " bytes: " + lowest
                + " has " + free + " bytes free, below minimumRequiredSpace = " + floor + " bytes");
    }

    private void refresh() {
        long now = System.nanoTime();
        if (now - checkedAt < REFRESH_NANOS) {
            return;
        }
        checkedAt = now;
        long min = Long.MAX_VALUE;
        Path at = null;
        for (Path dir : dirs) {
            try {
                long free = storage.usableSpace(dir);
                if (free < min) {
                    min = free;
                    at = dir;
                }
            } catch (IOException e) {
                LOG.debug("File channel {}: cannot read the free space of {}: {}", name, dir, e.toString());
            }
        }
        if (at != null) {
            lowest = at;
            lowestFree = min;
        }
    }
}
