package io.sluice.channels.file.wal.segment;

import java.nio.file.Path;

/**
 * Damage found in a segment: the file and byte offset of the damaged record (or tail), what is
 * wrong, how many events it made unreadable ({@code -1} when the record's header is damaged too and
 * the count is unknown), and its {@link Kind}.
 */
public record Damage(Path file, long offset, String reason, long unreadableEvents, Kind kind) {

    /** Where the damage lies and what it says about its cause. */
    public enum Kind {
        /** The file ends inside a record: a write cut off by a crash. Runs to the end of the file. */
        CUT_OFF,
        /** Unreadable bytes up to the end of the file. */
        DAMAGED_TAIL,
        /** A damaged record or event with intact records after it. */
        DAMAGED
    }

    /** Whether the damage runs to the end of the file (recovery truncates it there in the last segment). */
    public boolean tail() {
        return kind != Kind.DAMAGED;
    }

    /** One line for the log: file, offset, reason, cost. */
    public String describe() {
        String cost = unreadableEvents < 0 ? "an unknown number of events" : unreadableEvents + " event(s)";
        return file + " at offset " + offset + ": " + reason + " (" + cost + " unreadable)";
    }
}
