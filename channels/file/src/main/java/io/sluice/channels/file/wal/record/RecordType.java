package io.sluice.channels.file.wal.record;

/**
 * The kinds of record: one committed transaction's puts or its takes, and the two records the log
 * writer adds when it moves to a new segment (format version 2).
 */
public enum RecordType {
    PUT(1),
    TAKE(2),
    /** The last record of a segment the writer moved on from: the next segment exists. */
    ROLL(3),
    /** The first record of a segment: what replay cannot otherwise know about the segment before it. */
    PREVIOUS(4);

    private final int code;

    RecordType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type of a code, or null for a code no writer produces. */
    public static RecordType of(int code) {
        return switch (code) {
            case 1 -> PUT;
            case 2 -> TAKE;
            case 3 -> ROLL;
            case 4 -> PREVIOUS;
            default -> null;
        };
    }
}
