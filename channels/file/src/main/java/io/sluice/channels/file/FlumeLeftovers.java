package io.sluice.channels.file;

import io.sluice.channels.file.io.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises the files of an Apache Flume file channel ({@code checkpoint}, {@code log-N}, …).
 * Sluice does not read Flume's format, so a directory holding them has events that only Flume can
 * deliver; starting over them would silently strand those events. Stateless.
 */
final class FlumeLeftovers {
    private static final Set<String> NAMES = Set.of("checkpoint", "checkpoint.meta", "inflightputs", "inflighttakes",
            "queueset");
    private static final Pattern LOG = Pattern.compile("log-\\d+(\\.meta)?");

    private FlumeLeftovers() {
    }

    /** Names of Flume file channel files in {@code dir}, sorted; empty if none (or no such directory). */
    static List<String> in(Storage storage, Path dir) throws IOException {
        List<String> found = new ArrayList<>();
        if (!storage.isDirectory(dir)) {
            return found;
        }
        for (Path p : storage.list(dir)) {
            String name = p.getFileName().toString();
            if (NAMES.contains(name) || LOG.matcher(name).matches()) {
                found.add(name);
            }
        }
        found.sort(null);
        return found;
    }
}
