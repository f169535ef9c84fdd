package io.sluice.channels.file;

import io.sluice.api.AbstractTransaction;
import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.channels.file.queue.Entries;
import io.sluice.channels.file.wal.Pointer;
import io.sluice.channels.file.wal.record.PutRecordEncoder;
import io.sluice.channels.file.wal.record.RecordType;
import io.sluice.channels.file.wal.record.TakeRecordCodec;
import io.sluice.channels.file.wal.segment.Ticket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One transaction on a file channel. Puts are staged in memory and written at commit as one PUT
 * record; takes move events out of the queue at once and are written at commit as one TAKE record;
 * either way commit returns once the record is forced to disk (group commit). A rollback writes
 * nothing. As in Flume's file channel, one transaction either puts or takes, not both.
 *
 * <p>Confined to the thread that began it ({@link AbstractTransaction}).
 */
final class FileTransaction extends AbstractTransaction {
    private final FileChannel.Parts parts;
    private final List<Event> puts = new ArrayList<>();
    private final TakeList taken = new TakeList();

    FileTransaction(FileChannel.Parts parts) {
        super(parts.config().transactionCapacity());
        this.parts = parts;
    }

    @Override
    protected void doPut(List<Event> events) {
        if (taken.size() > 0) {
            throw new IllegalStateException("a file channel transaction either puts or takes; this one already took "
                    + taken.size() + " events (" + parts.name() + ")");
        }
        puts.addAll(events);
        parts.counter().addPutAttempt(events.size());
    }

    @Override
    protected List<Event> doTake(int max) {
        if (!puts.isEmpty()) {
            throw new IllegalStateException("a file channel transaction either puts or takes; this one already put "
                    + puts.size() + " events (" + parts.name() + ")");
        }
        Entries e = taken.entries;
        int from = e.size();
        int n = parts.state().take(taken, max, parts.keepAliveNanos());
        if (n == 0) {
            parts.counter().addTakeAttempt(1);
            return List.of();
        }
        parts.counter().addTakeAttempt(n);
        int to = from + n;
        try {
            parts.reader().read(e.pointerArray(), e.eventArray(), from, to, (i, pointer, segment, reason) -> {
                parts.state().dropped(taken, i);
                parts.metrics().lostOnRead();
                parts.lossLog().error("File channel {}: lost an event that could not be read back from {} at offset "
                        + "{}: {}", parts.name(), segment != null ? segment.path() : "(missing segment)",
                        Pointer.offset(pointer), reason);
            });
        } catch (IOException ex) {
            parts.metrics().takeError();
            throw new ChannelException("File channel " + parts.name() + " could not read " + n
                    + " events back from its log; they stay in the channel: " + ex.getMessage(), ex);
        }
        List<Event> out = new ArrayList<>(n);
        for (int i = from; i < to; i++) {
            Event ev = e.event(i);
            if (ev != null) {
                out.add(ev);
            }
        }
        return out;
    }

    @Override
    protected void doCommit() {
        if (!puts.isEmpty()) {
            commitPuts();
        } else if (taken.size() > 0) {
            commitTakes();
        }
    }

    private void commitPuts() {
        int n = puts.size();
        ByteBuffer record;
        int[] offsets = new int[n];
        try {
            PutRecordEncoder encoder = parts.encoder();
            record = encoder.encode(puts);
            for (int i = 0; i < n; i++) {
                offsets[i] = encoder.offset(i);
            }
        } catch (IllegalArgumentException e) {
            throw new ChannelException("File channel " + parts.name() + ": " + e.getMessage(), e);
        }
        try {
            parts.space().checkPut(record.remaining());
        } catch (ChannelException e) {
            parts.metrics().putError();
            throw e;
        }
        parts.state().reserve(n, parts.keepAliveNanos());
        boolean committed = false;
        try {
            Ticket t = parts.writer().append(record, RecordType.PUT, n,
                    new ChannelState.PutBatch(puts.toArray(new Event[0]), offsets));
            t.await();
            committed = true;
        } catch (IOException e) {
            parts.metrics().putError();
            throw new ChannelException("File channel " + parts.name() + " could not commit " + n + " events: "
                    + e.getMessage(), e);
        } finally {
            if (!committed) {
                parts.state().unreserve(n);
            }
        }
        parts.counter().addPutSuccess(n);
    }

    private void commitTakes() {
        Entries e = taken.entries;
        ByteBuffer record = TakeRecordCodec.encode(e.seqArray(), e.size());
        try {
            parts.writer().append(record, RecordType.TAKE, 0, taken).await();
        } catch (IOException ex) {
            parts.metrics().takeError();
            throw new ChannelException("File channel " + parts.name() + " could not commit the take of " + e.size()
                    + " events; they return to the channel on rollback: " + ex.getMessage(), ex);
        }
        parts.counter().addTakeSuccess(taken.delivered());
    }

    @Override
    protected void doRollback() {
        if (taken.size() > 0) {
            parts.state().rollback(taken);
        }
    }

    @Override
    protected void doClose() {
        puts.clear();
    }

    @Override
    public String toString() {
        return "FileTransaction{" + parts.name() + ", " + puts.size() + " puts, " + taken.size() + " takes}";
    }
}
