package io.sluice.runtime.config;

/** Where a configuration line starts: the file as the user named it, and its 1-based line number. */
public record Location(String file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
