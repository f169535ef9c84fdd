package io.sluice.sources.local.spooldir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What identifies one version of a spool file: the file system's key for it (device and inode on
 * Unix), its size and its modification time in nanoseconds. A spool file must not change once it
 * is in the directory; a different stamp at the same path means it was appended to, rewritten or
 * replaced by another file.
 */
record FileStamp(String fileKey, long size, long modifiedNanos) {

    FileStamp {
        Objects.requireNonNull(fileKey, "fileKey");
    }

    /** The stamp of the file at {@code path} (symbolic links followed), or null if there is none. */
    static FileStamp of(Path path) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
        return of(a);
    }

    static FileStamp of(BasicFileAttributes a) {
        Object key = a.fileKey();
        return new FileStamp(key == null ? "" : key.toString(), a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
    }

    /** How this stamp differs from {@code now}, for log lines; {@code now} null means the file is gone. */
    String differenceTo(FileStamp now) {
        if (now == null) {
            return "it disappeared";
        }
        if (!fileKey.equals(now.fileKey)) {
            return "it was replaced by another file (" + fileKey + " -> " + now.fileKey + ")";
        }
        if (size != now.size) {
            return "its size changed from " + size + " to " + now.size + " bytes";
        }
        return "its modification time changed";
    }
}
