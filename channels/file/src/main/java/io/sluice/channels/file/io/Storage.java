package io.sluice.channels.file.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Every file-system operation of the file channel goes through this seam, so tests can inject torn
 * writes, failing fsyncs and a full disk without root ({@link NioStorage} is the real one).
 * Implementations are thread-safe.
 */
public interface Storage {

    /** Creates a new, empty file for reading and writing; fails if it exists. */
    StorageFile create(Path file) throws IOException;

    /** Opens an existing file, for reading only or for reading and writing. */
    StorageFile open(Path file, boolean writable) throws IOException;

    void createDirectories(Path dir) throws IOException;

    /** The entries of a directory (files and subdirectories), in no particular order. */
    List<Path> list(Path dir) throws IOException;

    boolean exists(Path path);

    boolean isDirectory(Path path);

    long size(Path file) throws IOException;

    /** Deletes a file if it exists. */
    void delete(Path file) throws IOException;

    /** Renames {@code from} to {@code to} in one step, replacing {@code to}. */
    void moveAtomically(Path from, Path to) throws IOException;

    /** Makes a directory's entries (created, renamed, deleted files) durable. */
    void syncDirectory(Path dir) throws IOException;

    /** Bytes a non-root writer may still use on the file system holding {@code dir}. */
    long usableSpace(Path dir) throws IOException;
}
