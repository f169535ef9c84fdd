package io.sluice.sources.local.taildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The regular files of one group's directory whose names match its pattern, oldest modification
 * first. With {@code cachePatternMatching} the listing is reused until the directory's modification
 * time changes; a listing taken less than a second after that time is not trusted (a second change
 * within the file system's timestamp granularity would be invisible) and is taken again. Not
 * thread-safe.
 */
final class GroupMatcher {
    private static final long UNTRUSTED_MILLIS = 1000;

    private final FileGroup group;
    private final boolean cache;
    private List<Path> listed;
    private long listedDirModified;
    private long listedAtMillis;

    GroupMatcher(FileGroup group, boolean cache) {
        this.group = group;
        this.cache = cache;
    }

    FileGroup group() {
        return group;
    }

    /** The matching files; empty (not an error) while the directory does not exist. */
    List<Path> matching() throws IOException {
        long dirModified;
        try {
            dirModified = Files.getLastModifiedTime(group.directory()).toMillis();
        } catch (NoSuchFileException e) {
            listed = null;
            return List.of();
        }
        if (cache && listed != null && dirModified == listedDirModified
                && listedAtMillis - dirModified >= UNTRUSTED_MILLIS) {
            return listed;
        }
        long now = System.currentTimeMillis();
        record Found(Path path, long modified) {
        }
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(group.directory())) {
            for (Path p : entries) {
                if (!group.matches(p.getFileName().toString())) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        found.add(new Found(p, a.lastModifiedTime().toMillis()));
                    }
                } catch (NoSuchFileException e) {
                    // removed since the listing
                }
            }
        } catch (NoSuchFileException e) {
            listed = null;
            return List.of();
        }
        found.sort(Comparator.comparingLong(Found::modified).thenComparing(f -> f.path().toString()));
        List<Path> paths = new ArrayList<>(found.size());
        found.forEach(f -> paths.add(f.path()));
        listed = List.copyOf(paths);
        listedDirModified = dirModified;
        listedAtMillis = now;
        return listed;
    }
}
