package io.sluice.channels.file.wal;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test hook for crash tests: with {@code -Dsluice.fileChannel.pauseAt=NAME} (or {@code NAME:N},
 * the N-th time) the thread that reaches the point of that name logs one line and blocks until
 * interrupted, so a test can kill the process at exactly that moment. Points: {@code checkpoint-write}
 * (half of a checkpoint's temp file written, not yet forced) and {@code segment-roll} (a new segment
 * created, no record in it yet, the log's appends blocked). Without the property nothing happens.
 */
public final class PausePoint {
    private static final Logger LOG = LoggerFactory.getLogger(PausePoint.class);
    private static final String REQUESTED = System.getProperty("sluice.fileChannel.pauseAt");
    private static final String POINT = REQUESTED == null ? null : REQUESTED.split(":")[0];
    private static final int NTH = REQUESTED == null || !REQUESTED.contains(":") ? 1
            : Integer.parseInt(REQUESTED.substring(REQUESTED.indexOf(':') + 1));
    private static final AtomicInteger REACHED = new AtomicInteger();

    private PausePoint() {
    }

    public static void reach(String point, Object where) {
        if (POINT == null || !POINT.equals(point) || REACHED.incrementAndGet() != NTH) {
            return;
        }
        LOG.warn("Test hook sluice.fileChannel.pauseAt={}: paused at {} ({})", REQUESTED, point, where);
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
