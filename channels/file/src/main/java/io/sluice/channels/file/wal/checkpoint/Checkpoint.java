package io.sluice.channels.file.wal.checkpoint;

import io.sluice.channels.file.queue.Entries;
import java.util.UUID;

/**
 * The channel's state at one log position: every live event (sequence number and pointer) in queue
 * order, the next sequence number, and the position from which replay continues. Events taken by
 * uncommitted transactions are included, at the head. Not copied: the entries belong to it once made.
 */
public record Checkpoint(UUID logId, long position, long nextSeq, long writtenMillis, Entries entries) {
}
