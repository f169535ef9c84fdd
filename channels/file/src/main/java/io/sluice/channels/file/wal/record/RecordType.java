package io.sluice.channels.file.wal.record;

/** The two kinds of record: one committed transaction's puts, or its takes. */
public enum RecordType {
    PUT(1),
    TAKE(2);

    private final int code;

    RecordType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type of a code, or null for a code no version-1 writer produces. */
    public static RecordType of(int code) {
        return switch (code) {
            case 1 -> PUT;
            case 2 -> TAKE;
            default -> null;
        };
    }
}
