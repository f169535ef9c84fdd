package io.sluice.runtime.config;

import java.util.Collection;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "did you mean" hints for misspelt keys and names. */
public final class Suggest {
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(4);

    private Suggest() {
    }

    /** {@code "; did you mean 'x'?"} for the closest candidate within a small edit distance, else "". */
    public static String didYouMean(String given, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = given.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = DISTANCE.apply(lower, c.toLowerCase(Locale.ROOT));
            if (d >= 0 && d < bestDistance && d <= Math.max(2, given.length() / 3)) {
                best = c;
                bestDistance = d;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }
}
