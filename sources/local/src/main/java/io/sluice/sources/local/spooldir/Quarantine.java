package io.sluice.sources.local.spooldir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a spooling source moves files it must not or cannot ingest (changed while being read, a
 * reused name, undecodable, unreadable): {@code <quarantineDir>/<path relative to spoolDir>}, with
 * {@code .1}, {@code .2}, ... appended when that name is taken. The directory is created on first
 * use. Thread confinement: the source's thread.
 */
final class Quarantine {
    private final Path spoolDir;
    private final Path dir;

    Quarantine(Path spoolDir, Path dir) {
        this.spoolDir = spoolDir;
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Moves {@code file} into quarantine and returns where it went. */
    Path move(Path file) throws IOException {
        Path target = dir.resolve(spoolDir.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Path free = target;
        for (int n = 1; Files.exists(free, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
            free = target.resolveSibling(target.getFileName() + "." + n);
        }
        return Files.move(file, free);
    }
}
