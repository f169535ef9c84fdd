package io.sluice.sources.local.spooldir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Lists the files a spooling source may ingest, in {@code consumeOrder} (spec §4.10): regular files
 * whose name does not start with '.', does not end with the completed suffix, matches
 * {@code includePattern} and does not match {@code ignorePattern}; with
 * {@code recursiveDirectorySearch}, also those in subdirectories not starting with '.' nor matching
 * {@code ignorePattern}. The tracker and quarantine directories are never entered, and neither are
 * symbolic links to directories (they could loop). Oldest and youngest compare modification times,
 * ties broken by the path; random shuffles. Not thread-safe.
 */
final class SpoolScanner {

    /** Flume's {@code consumeOrder}. */
    enum Order { OLDEST, YOUNGEST, RANDOM }

    /** A file found by a scan, with the attributes the listing read. */
    record Candidate(Path path, BasicFileAttributes attributes) {
    }

    private static final Comparator<Candidate> OLDEST_FIRST = Comparator
            .comparing((Candidate c) -> c.attributes().lastModifiedTime())
            .thenComparing(c -> c.path().toString());
    private static final Comparator<Candidate> YOUNGEST_FIRST = Comparator
            .comparing((Candidate c) -> c.attributes().lastModifiedTime()).reversed()
            .thenComparing(c -> c.path().toString());

    private final Path spoolDir;
    private final boolean recursive;
    private final Pattern include;
    private final Pattern ignore;
    private final String completedSuffix;
    private final Set<Path> excludedDirs;
    private final Order order;
    private final Random random;

    SpoolScanner(Path spoolDir, boolean recursive, Pattern include, Pattern ignore, String completedSuffix,
                 Set<Path> excludedDirs, Order order, Random random) {
        this.spoolDir = spoolDir;
        this.recursive = recursive;
        this.include = include;
        this.ignore = ignore;
        this.completedSuffix = completedSuffix;
        this.excludedDirs = Set.copyOf(excludedDirs);
        this.order = order;
        this.random = random;
    }

    Order order() {
        return order;
    }

    /** Every candidate now in the directory, in consume order. */
    List<Candidate> scan() throws IOException {
        List<Candidate> found = new ArrayList<>();
        collect(spoolDir, found);
        switch (order) {
            case OLDEST -> found.sort(OLDEST_FIRST);
            case YOUNGEST -> found.sort(YOUNGEST_FIRST);
            case RANDOM -> Collections.shuffle(found, random);
        }
        return found;
    }

    private void collect(Path dir, List<Candidate> found) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    continue;
                }
                if (a.isDirectory()) {
                    if (recursive && !ignore.matcher(name).matches() && !excludedDirs.contains(p)
                            && !Files.isSymbolicLink(p)) {
                        collectIfPresent(p, found);
                    }
                } else if (a.isRegularFile() && !(!completedSuffix.isEmpty() && name.endsWith(completedSuffix))
                        && include.matcher(name).matches() && !ignore.matcher(name).matches()) {
                    found.add(new Candidate(p, a));
                }
            }
        }
    }

    private void collectIfPresent(Path dir, List<Candidate> found) throws IOException {
        try {
            collect(dir, found);
        } catch (NoSuchFileException e) {
            // removed between listing its parent and entering it
        }
    }
}
