package io.sluice.runtime.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of one validation run, so all of them are reported at once. Not thread-safe. */
public final class Problems {
    private final List<Problem> all = new ArrayList<>();

    public void error(Location where, String message) {
        all.add(Problem.error(where, message));
    }

    public void warning(Location where, String message) {
        all.add(Problem.warning(where, message));
    }

    public void add(Problem p) {
        all.add(p);
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Problem::isError);
    }

    public List<Problem> errors() {
        return all.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return all.stream().filter(p -> p.severity() == Problem.Severity.WARNING).toList();
    }

    public void note(Location where, String message) {
        all.add(Problem.note(where, message));
    }

    /** Every problem, ordered by file and line so the output reads top to bottom. */
    public List<Problem> sorted() {
        List<Problem> copy = new ArrayList<>(all);
        copy.sort(Comparator.comparing((Problem p) -> p.location() == null ? "" : p.location().file())
                .thenComparingInt(p -> p.location() == null ? 0 : p.location().line()));
        return Collections.unmodifiableList(copy);
    }
}
