package io.sluice.runtime.routing;

import java.util.List;

/** Turns channel names from a selector setting into indexes into the source's channel list. */
final class ChannelIndexes {
    private ChannelIndexes() {
    }

    /** Indexes of the named channels; throws naming the key if one is not a channel of the source. */
    static int[] of(List<String> names, List<String> sourceChannels, String key) {
        int[] out = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            int idx = sourceChannels.indexOf(names.get(i));
            if (idx < 0) {
                throw new InvalidSettingException(key, "channel '" + names.get(i) + "' is not one of the source's channels "
                        + sourceChannels);
            }
            out[i] = idx;
        }
        return out;
    }

    /** {@code from} without the indexes in {@code remove}, order kept. */
    static int[] minus(int[] from, int[] remove) {
        return java.util.Arrays.stream(from).filter(i -> java.util.Arrays.stream(remove).noneMatch(r -> r == i)).toArray();
    }
}
