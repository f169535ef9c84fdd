package io.sluice.sinks.basic;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Names the files of a {@code file_roll} sink as Flume's path managers do (spec §8.3):
 *
 * <pre>
 * DEFAULT   &lt;prefix&gt;&lt;seriesMillis&gt;-&lt;n&gt;[.&lt;extension&gt;]     1700000000000-1, 1700000000000-2.log
 * ROLLTIME  &lt;prefix&gt;&lt;yyyyMMddHHmmss&gt;-&lt;n&gt;[.&lt;extension&gt;]   20240101120000-1, 20240101120000-2
 * </pre>
 *
 * {@code seriesMillis} is fixed when the namer is built; {@code n} starts at 1 and grows with every
 * name handed out, also for names that turned out to be taken, so no name is ever offered twice.
 * ROLLTIME uses local wall-clock time when the name is asked for and restarts {@code n} at 1 when
 * that second differs from the previous name's. Not thread-safe: the sink calls it under its lock.
 */
final class FileNamer {

    enum Scheme { DEFAULT, ROLLTIME }

    static final String DEFAULT_BUILDER = "org.apache.flume.formatter.output.DefaultPathManager$Builder";
    static final String ROLLTIME_BUILDER = "org.apache.flume.formatter.output.RollTimePathManager$Builder";

    private static final DateTimeFormatter ROLL_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final Path directory;
    private final Scheme scheme;
    private final String prefix;
    private final String extension;
    private final long seriesMillis;
    private final Supplier<LocalDateTime> clock;
    private long index;
    private String lastStamp;

    FileNamer(Path directory, Scheme scheme, String prefix, String extension, long seriesMillis,
              Supplier<LocalDateTime> clock) {
        this.directory = directory;
        this.scheme = scheme;
        this.prefix = prefix;
        this.extension = extension;
        this.seriesMillis = seriesMillis;
        this.clock = clock;
    }

    /** The scheme a {@code sink.pathManager} value names (an alias in any case, or a Flume builder class), or null. */
    static Scheme schemeFor(String configured) {
        String name = configured.trim();
        if (name.equals(DEFAULT_BUILDER) || name.equalsIgnoreCase("DEFAULT")) {
            return Scheme.DEFAULT;
        }
        if (name.equals(ROLLTIME_BUILDER) || name.equalsIgnoreCase("ROLLTIME")) {
            return Scheme.ROLLTIME;
        }
        return null;
    }

    Path next() {
        String stamp;
        if (scheme == Scheme.ROLLTIME) {
            stamp = ROLL_TIME.format(clock.get());
            if (!stamp.equals(lastStamp)) {
                index = 0;
                lastStamp = stamp;
            }
        } else {
            stamp = Long.toString(seriesMillis);
        }
        index++;
        StringBuilder name = new StringBuilder(prefix).append(stamp).append('-').append(index);
        if (!extension.isEmpty()) {
            name.append('.').append(extension);
        }
        return directory.resolve(name.toString());
    }
}
