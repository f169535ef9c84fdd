/**
 * The file channel's write-ahead log: on-disk format (segments version 2, checkpoints version 1),
 * its invariants, and who owns which file. Every integer is big-endian. Checksums are CRC32C
 * ({@link java.util.zip.CRC32C}).
 *
 * <h2>Files</h2>
 * <pre>
 * dataDirs[i]          segment-NNNNNNNNNN.wal   segment with id N (10 digits); id N lives in dataDirs[N % dataDirs.length]
 *                      segment-NNNNNNNNNN.wal.tmp  a segment being created (removed at start)
 *                      in_use.lock              held by the running channel (Flume's lock file name)
 * checkpointDir        sluice-checkpoint        the latest checkpoint
 *                      sluice-checkpoint.prev   the one before it, kept as a fallback
 *                      sluice-checkpoint.tmp    a checkpoint being written (removed at start)
 *                      in_use.lock
 * backupCheckpointDir  sluice-checkpoint        copy of a recent checkpoint (useDualCheckpoints)
 *                      in_use.lock
 * </pre>
 * None of these names is one of Flume's ({@code checkpoint}, {@code log-N}, …), so a directory that
 * still holds an undrained Flume channel is recognised and refused.
 *
 * <h2>Segment</h2>
 * A segment is a 64-byte header followed by records, back to back, up to its end. In version 2 the
 * first record is always a PREVIOUS record (so transaction records start at offset 128), and a
 * segment the writer moved on from ends with a ROLL record.
 * <pre>
 * header   magic:8 "SLUICWAL" | version:i32 = 2 | headerLength:i32 = 64 | segmentId:i64
 *          | logId:16 (UUID: msb:i64 lsb:i64) | createdMillis:i64 | reserved:12 (zero) | crc:i32 (of bytes 0..59)
 * </pre>
 * Version 1 segments (Sluice before it wrote PREVIOUS and ROLL records) are read as they are: they
 * hold PUT and TAKE records only.
 * {@code logId} is chosen when a channel's directories are first used; every segment and
 * checkpoint of that channel carries it, so files of another channel are never mixed in.
 *
 * <h2>Record</h2>
 * One committed transaction is one record: all its puts, or all its takes. Nothing is written for
 * a transaction that rolls back, so there are no commit or rollback records.
 * <pre>
 * record   magic:i32 0x534C5245 ("SLRE") | length:i32 (whole record, header included) | type:u8
 *          | reserved:3 (zero) | count:i32 | seq:i64 | headerCrc:i32 (of bytes 0..23) | body
 * PUT  (type 1)  count = events; seq = sequence number of the first event (the others follow: seq+1, …)
 *          body = count × event
 * event    length:i32 (of data) | crc:i32 (of the length field and data) | data
 * data     headerCount:i32 | headerCount × (keyLength:i32 | key:UTF-8 | valueLength:i32 | value:UTF-8) | body:bytes (the rest)
 * TAKE (type 2)  count = ranges; seq = 0
 *          body = count × (fromSeq:i64 | toSeqExclusive:i64) | crc:i32 (of the ranges)
 * ROLL (type 3)  count = 0; seq = sequence number the next segment's first event gets; no body
 * PREVIOUS (type 4)  count = 0; seq = 0
 *          body = firstSeq:i64 | endSeq:i64 | takenInside:i64 | takesInside:i64 | crc:i32 (of the four)
 * </pre>
 * A PREVIOUS record describes the segment before its own, as the writer left it: its events are
 * {@code firstSeq … endSeq - 1}, its TAKE records took {@code takenInside} of them and
 * {@code takesInside} events in all; all four are -1 when the writer did not write that segment (the
 * first segment of each start) or cannot vouch for it (after a failed fsync cut it back). It is
 * written with the header, before the segment is renamed into place, so it costs no fsync. A ROLL
 * record says segment id + 1 exists; it is forced with the next group commit, before any commit in
 * the next segment returns.
 * An event is addressed by a pointer (segment id, byte offset of its length field), packed in one
 * long by {@link io.sluice.channels.file.wal.Pointer}. Each event carries its own checksum, so
 * one damaged event costs that event only and a take can read and verify a single event.
 *
 * <h2>Checkpoint</h2>
 * <pre>
 * magic:8 "SLUICECP" | version:i32 = 1 | logId:16 | position:i64 (pointer: replay starts here)
 * | nextSeq:i64 | writtenMillis:i64 | events:i64 | runs:i32 | runs × run | crc:i32 (of everything before)
 * run      firstSeq:i64 | segmentId:i32 | count:i32 | count × offset:i32
 * </pre>
 * The live events in queue order, as runs of consecutive sequence numbers stored in one segment.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Records are appended in one order across all segments (segment id, then offset). Sequence
 *       numbers of put events rise strictly in that order and are never reused.</li>
 *   <li>A TAKE record comes after the PUT records of every event it names.</li>
 *   <li>A commit returns only after its record and every record before it were forced to disk
 *       ({@code fsyncPerTransaction = true}, the default).</li>
 *   <li>A checkpoint with position P is exactly the state after applying every record before P,
 *       with events taken by uncommitted transactions counted as live. The log up to P is forced
 *       before the checkpoint file is renamed into place.</li>
 *   <li>Replay applies the records from a checkpoint's position to the end of the log onto that
 *       checkpoint's events; without a usable checkpoint it applies every record of every segment.</li>
 *   <li>An event is taken by at most one TAKE record. So the events lost with a missing segment N
 *       are: before the checkpoint's position, the checkpoint's events in N that no later TAKE
 *       record names; after it, N's events ({@code firstSeq … endSeq - 1} from N+1's PREVIOUS
 *       record) less {@code takenInside}, less those later TAKE records name. Both are exact. A
 *       PREVIOUS record is trusted only while the segment it describes ends with a ROLL record;
 *       start-up replaces one that describes a segment without one (a crash cut it short) by the
 *       unknown record. Without a PREVIOUS record (version 1, two segments missing in a row) the
 *       gap in sequence numbers, less later takes, is an upper bound.</li>
 *   <li>What the newest segment held after the checkpoint's position cannot be known once it is
 *       gone; the ROLL record ending the segment before it (or the checkpoint's position in it) shows
 *       that it is missing, and the loss is reported as unknown.</li>
 *   <li>Sequence numbers given out by a PREVIOUS record are never given out again, even when a crash
 *       took the events that had them.</li>
 * </ul>
 *
 * <h2>Ownership</h2>
 * The log writer creates segments (temp file, fsync, rename, directory fsync) and is the only writer
 * of records. The checkpointer writes checkpoints and is the only one that deletes segments: after a
 * checkpoint it deletes the oldest segments, in order, that hold no live event and lie wholly before
 * the positions of every checkpoint kept (current, previous, backup), so any of them can still be
 * replayed. Start-up recovery truncates a torn tail of the last segment, removes temp files and
 * replaces the PREVIOUS records it can no longer vouch for (so does the writer after a failed fsync
 * cut segments back); it changes nothing else. {@code filechannel-check} only reads.
 */
package io.sluice.channels.file.wal;
