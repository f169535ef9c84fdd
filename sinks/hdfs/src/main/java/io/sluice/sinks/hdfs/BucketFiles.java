package io.sluice.sinks.hdfs;

import io.sluice.api.Event;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The files an hdfs sink writes, one open file at most per {@link BucketKey}. The sink talks to
 * Hadoop only through this interface, so the sink's own class (and its spec, which validation
 * loads) never references a Hadoop type; the implementation is created when the sink starts.
 *
 * <p>Called by the sink's thread only, under the sink's lock; not thread-safe.
 */
public interface BucketFiles {

    /** Finalizes in-use files an earlier run left behind (a crash); returns how many it finalized. */
    int recoverInUseFiles() throws IOException;

    /**
     * Appends each bucket's events to its current file (opening and rolling files as needed) and
     * flushes (hflush) every file it wrote to. When this returns, the events are in the files; when
     * it throws, any of them may or may not be, and every file involved has been given up (closed
     * and finalized, or left for recovery), so the caller can roll back and write them again.
     */
    void write(Map<BucketKey, List<Event>> batch) throws IOException;

    /** Rolls files whose interval or idle timeout passed and retries failed closes and renames. */
    void tick();

    /** Closes and finalizes every open file (one attempt each) and releases Hadoop resources. */
    void close();
}
