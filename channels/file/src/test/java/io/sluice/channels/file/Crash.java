package io.sluice.channels.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * What kill -9 leaves behind, in-process: a copy of a running channel's directories taken between
 * operations. The page cache survives a killed process, so the copy holds exactly what the files
 * hold at that moment; the channel that wrote them keeps running untouched.
 */
final class Crash {
    private Crash() {
    }

    /**
     * Copies the directories of a running channel, holding off its background checkpoints (which
     * write and delete files) so the copy is one moment, as a crash leaves it.
     */
    static Path copy(FileChannel running, Path from, Path to) {
        synchronized (running.log().checkpointMonitor()) {
            return copy(from, to);
        }
    }

    /** Copies every file under {@code from} to {@code to}; returns {@code to}. */
    static Path copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
