package io.sluice.sources.local.spooldir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * How a spooling source records that a file is fully ingested (spec §4.10), and recognises a name
 * that was already ingested once:
 * <ul>
 *   <li>{@code rename} (deletePolicy never, trackingPolicy rename): {@code a.log} becomes
 *       {@code a.log.COMPLETED}; a new {@code a.log} while {@code a.log.COMPLETED} exists reuses the name;</li>
 *   <li>{@code tracker_dir}: the file stays, and {@code <trackerDir>/<relative path><fileSuffix>} is
 *       created holding the file's stamp; an existing marker with another stamp means the name was
 *       reused (Flume's markers are empty and count as "done");</li>
 *   <li>{@code immediate} (deletePolicy): the file is deleted; names may be reused freely.</li>
 * </ul>
 * Immutable; file operations are the caller's thread's.
 */
abstract class Completion {

    /** What is known about a candidate file. */
    enum State { NEW, DONE, REUSED }

    /** The candidate's state; {@code stamp} is its current stamp. */
    abstract State state(Path file, FileStamp stamp) throws IOException;

    /** Marks the file done. Throws FileAlreadyExistsException when the completed name is taken. */
    abstract void complete(Path file, FileStamp stamp) throws IOException;

    /** How a user sees where the completed record lives, for log lines. */
    abstract String describe(Path file);

    static Completion rename(String suffix) {
        return new Completion() {
            @Override
            State state(Path file, FileStamp stamp) {
                return Files.exists(completed(file)) ? State.REUSED : State.NEW;
            }

            @Override
            void complete(Path file, FileStamp stamp) throws IOException {
                // No ATOMIC_MOVE: on Unix that is rename(2), which would silently replace an existing target.
                Files.move(file, completed(file));
            }

            @Override
            String describe(Path file) {
                return completed(file).toString();
            }

            private Path completed(Path file) {
                return file.resolveSibling(file.getFileName() + suffix);
            }
        };
    }

    static Completion delete() {
        return new Completion() {
            @Override
            State state(Path file, FileStamp stamp) {
                return State.NEW;
            }

            @Override
            void complete(Path file, FileStamp stamp) throws IOException {
                try {
                    Files.delete(file);
                } catch (NoSuchFileException e) {
                    // already gone: nothing left to delete
                }
            }

            @Override
            String describe(Path file) {
                return "(deleted)";
            }
        };
    }

    static Completion trackerDir(Path spoolDir, Path trackerDir, String suffix) {
        return new Completion() {
            @Override
            State state(Path file, FileStamp stamp) throws IOException {
                Path marker = marker(file);
                String text;
                try {
                    text = Files.readString(marker, StandardCharsets.UTF_8).trim();
                } catch (NoSuchFileException e) {
                    return State.NEW;
                }
                return text.isEmpty() || text.equals(format(stamp)) ? State.DONE : State.REUSED;
            }

            @Override
            void complete(Path file, FileStamp stamp) throws IOException {
                Path marker = marker(file);
                if (Files.exists(marker)) {
                    if (state(file, stamp) == State.DONE) {
                        return;
                    }
                    throw new FileAlreadyExistsException(marker.toString());
                }
                Files.createDirectories(marker.getParent());
                Path tmp = marker.resolveSibling("." + marker.getFileName() + ".tmp");
                Files.writeString(tmp, format(stamp) + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE);
            }

            @Override
            String describe(Path file) {
                return marker(file).toString();
            }

            private Path marker(Path file) {
                return trackerDir.resolve(spoolDir.relativize(file) + suffix);
            }
        };
    }

    private static String format(FileStamp s) {
        return s.fileKey() + " " + s.size() + " " + s.modifiedNanos();
    }
}
