package io.sluice.sources.local.taildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A file's identity on Unix: device and inode. It survives renames, which is how rotated files are
 * followed; Flume's position file stores only the inode.
 */
record FileId(long device, long inode) {

    /** The identity, size and modification time (ms) of the file at {@code path}, symbolic links followed. */
    record Stat(FileId id, long size, long modifiedMillis) {
    }

    static Stat stat(Path path) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime");
        } catch (UnsupportedOperationException e) {
            throw new IOException("taildir needs inode numbers, which this file system does not provide: " + path, e);
        }
        return new Stat(new FileId(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue()),
                ((Number) a.get("size")).longValue(),
                ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis());
    }
}
