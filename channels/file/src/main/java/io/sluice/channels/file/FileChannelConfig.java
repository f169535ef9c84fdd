package io.sluice.channels.file;

import static io.sluice.channels.file.FileChannel.BACKUP_CHECKPOINT_DIR;
import static io.sluice.channels.file.FileChannel.CAPACITY;
import static io.sluice.channels.file.FileChannel.CHECKPOINT_DIR;
import static io.sluice.channels.file.FileChannel.CHECKPOINT_INTERVAL;
import static io.sluice.channels.file.FileChannel.CHECKPOINT_ON_CLOSE;
import static io.sluice.channels.file.FileChannel.DATA_DIRS;
import static io.sluice.channels.file.FileChannel.EVENT_CACHE_BYTES;
import static io.sluice.channels.file.FileChannel.FSYNC_INTERVAL;
import static io.sluice.channels.file.FileChannel.FSYNC_PER_TRANSACTION;
import static io.sluice.channels.file.FileChannel.KEEP_ALIVE;
import static io.sluice.channels.file.FileChannel.MAX_FILE_SIZE;
import static io.sluice.channels.file.FileChannel.MINIMUM_REQUIRED_SPACE;
import static io.sluice.channels.file.FileChannel.STRICT_RECOVERY;
import static io.sluice.channels.file.FileChannel.TRANSACTION_CAPACITY;
import static io.sluice.channels.file.FileChannel.USE_DUAL_CHECKPOINTS;

import io.sluice.api.config.Settings;
import io.sluice.api.config.SettingsProblem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A file channel's validated settings as typed values: directories resolved (a leading {@code ~}
 * is the user's home, as in Flume's defaults), the cross-key rules, and the directories it claims.
 * Immutable.
 */
record FileChannelConfig(Path checkpointDir, List<Path> dataDirs, Path backupDir, long checkpointIntervalMillis,
                         long maxFileSize, long minimumRequiredSpace, int capacity, int transactionCapacity,
                         int keepAliveSeconds, boolean checkpointOnClose, boolean fsyncPerTransaction,
                         int fsyncIntervalSeconds, boolean strictRecovery, long eventCacheBytes) {

    static FileChannelConfig from(Settings s) {
        List<SettingsProblem> problems = crossCheck(s);
        if (!problems.isEmpty()) {
            // The runtime validates first; this guards hand-built settings that skipped it.
            throw new IllegalArgumentException("file channel settings: " + problems);
        }
        Long cache = s.get(EVENT_CACHE_BYTES);
        return new FileChannelConfig(dir(s.get(CHECKPOINT_DIR)), dataDirs(s.get(DATA_DIRS)),
                s.get(USE_DUAL_CHECKPOINTS) ? dir(s.get(BACKUP_CHECKPOINT_DIR)) : null, s.get(CHECKPOINT_INTERVAL),
                s.get(MAX_FILE_SIZE), s.get(MINIMUM_REQUIRED_SPACE), s.get(CAPACITY), s.get(TRANSACTION_CAPACITY),
                s.get(KEEP_ALIVE), s.get(CHECKPOINT_ON_CLOSE), s.get(FSYNC_PER_TRANSACTION), s.get(FSYNC_INTERVAL),
                s.get(STRICT_RECOVERY), cache != null ? cache : Runtime.getRuntime().maxMemory() / 10);
    }

    /** Every directory the channel locks. */
    List<Path> allDirs() {
        List<Path> all = new ArrayList<>();
        all.add(checkpointDir);
        if (backupDir != null) {
            all.add(backupDir);
        }
        all.addAll(dataDirs);
        return all;
    }

    static List<SettingsProblem> crossCheck(Settings s) {
        List<SettingsProblem> problems = new ArrayList<>();
        for (String key : s.raw().keySet()) {
            if (key.startsWith("encryption.")) {
                problems.add(new SettingsProblem(key, "Flume's file channel encryption is not supported by Sluice, and "
                        + "Sluice will not store events unencrypted when encryption was asked for; remove the "
                        + "encryption.* keys to store them unencrypted, or keep this channel on Flume"));
            }
        }
        int capacity = s.get(CAPACITY);
        int transactionCapacity = s.get(TRANSACTION_CAPACITY);
        if (transactionCapacity > capacity) {
            problems.add(new SettingsProblem(TRANSACTION_CAPACITY.name(), "transactionCapacity = " + transactionCapacity
                    + " is higher than capacity = " + capacity + ": one transaction's puts must fit in the channel"));
        }
        Path checkpoint = tryDir(s.get(CHECKPOINT_DIR), CHECKPOINT_DIR.name(), problems);
        List<Path> data = new ArrayList<>();
        String rawData = s.get(DATA_DIRS);
        Set<Path> seen = new LinkedHashSet<>();
        for (String part : rawData.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            Path p = tryDir(part.trim(), DATA_DIRS.name(), problems);
            if (p != null && !seen.add(p)) {
                problems.add(new SettingsProblem(DATA_DIRS.name(), "dataDirs names " + p + " twice"));
            }
            data.add(p);
        }
        if (data.isEmpty()) {
            problems.add(new SettingsProblem(DATA_DIRS.name(), "dataDirs = '" + rawData + "' names no directory"));
        }
        if (checkpoint != null && seen.contains(checkpoint)) {
            problems.add(new SettingsProblem(CHECKPOINT_DIR.name(), "checkpointDir " + checkpoint
                    + " is also in dataDirs; the checkpoint and the data need directories of their own"));
        }
        if (s.get(USE_DUAL_CHECKPOINTS)) {
            String backup = s.get(BACKUP_CHECKPOINT_DIR);
            if (backup == null || backup.isBlank()) {
                problems.add(new SettingsProblem(USE_DUAL_CHECKPOINTS.name(), "useDualCheckpoints is true but "
                        + "backupCheckpointDir is not set; set backupCheckpointDir to a directory of its own"));
            } else {
                Path b = tryDir(backup, BACKUP_CHECKPOINT_DIR.name(), problems);
                if (b != null && (b.equals(checkpoint) || seen.contains(b))) {
                    problems.add(new SettingsProblem(BACKUP_CHECKPOINT_DIR.name(), "backupCheckpointDir " + b
                            + " is also the checkpointDir or one of the dataDirs; it needs a directory of its own"));
                }
            }
        }
        return problems;
    }

    /** {@code dir:<path>} for every directory, so validation refuses two channels sharing one. */
    static List<String> resources(Settings s) {
        List<String> out = new ArrayList<>();
        try {
            out.add("dir:" + dir(s.get(CHECKPOINT_DIR)));
            if (s.get(USE_DUAL_CHECKPOINTS) && s.get(BACKUP_CHECKPOINT_DIR) != null) {
                out.add("dir:" + dir(s.get(BACKUP_CHECKPOINT_DIR)));
            }
            for (Path p : dataDirs(s.get(DATA_DIRS))) {
                out.add("dir:" + p);
            }
        } catch (InvalidPathException e) {
            return List.of();
        }
        return out.stream().distinct().toList();
    }

    static List<Path> dataDirs(String raw) {
        List<Path> out = new ArrayList<>();
        for (String part : raw.split(",")) {
            if (!part.isBlank()) {
                Path p = dir(part.trim());
                if (!out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    static Path dir(String raw) {
        String text = raw.trim();
        if (text.equals("~") || text.startsWith("~/")) {
            text = System.getProperty("user.home") + text.substring(1);
        }
        return Path.of(text).toAbsolutePath().normalize();
    }

    private static Path tryDir(String raw, String key, List<SettingsProblem> problems) {
        try {
            return dir(raw);
        } catch (InvalidPathException e) {
            problems.add(new SettingsProblem(key, "'" + raw + "' is not a valid path: " + e.getReason()));
            return null;
        }
    }
}
