package io.sluice.api.config;

/** The role of a component type; each role has its own namespace of aliases. */
public enum Kind {
    SOURCE("source"),
    CHANNEL("channel"),
    SINK("sink"),
    INTERCEPTOR("interceptor"),
    SELECTOR("selector"),
    SINK_PROCESSOR("sink processor"),
    SERIALIZER("serializer");

    private final String word;

    Kind(String word) {
        this.word = word;
    }

    /** The word used in messages: "unknown source type 'x'". */
    public String word() {
        return word;
    }
}
