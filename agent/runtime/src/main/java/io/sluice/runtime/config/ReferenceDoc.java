package io.sluice.runtime.config;

import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Kind;
import java.util.Comparator;
import java.util.List;

/**
 * Renders the configuration reference (docs/configuration-reference.md) from the component specs,
 * so the docs say exactly what validation enforces. A daemon test fails when the committed page
 * differs from this output.
 */
public final class ReferenceDoc {
    private ReferenceDoc() {
    }

    public static String render(ComponentRegistry registry) {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append("Generated from the component declarations by `bin/agent reference`; do not edit by hand.\n")
                .append("Keys go under `<agent>.sources.<name>.`, `<agent>.channels.<name>.`, `<agent>.sinks.<name>.`,\n")
                .append("`...interceptors.<name>.`, `...selector.` or `<agent>.sinkgroups.<name>.processor.`.\n")
                .append("Every source also takes `type`, `channels`, `selector.type`, `selector.*`, `interceptors` and\n")
                .append("`interceptors.<name>.*`; every sink takes `type` and `channel`; sink groups take `sinks` and\n")
                .append("`processor.type` (default `default`).\n");
        for (Kind kind : Kind.values()) {
            List<ComponentSpec<?, ?>> specs = registry.all().stream().filter(s -> s.kind() == kind)
                    .sorted(Comparator.comparing(ComponentSpec::alias)).toList();
            if (specs.isEmpty()) {
                continue;
            }
            out.append("\n## ").append(title(kind)).append("\n");
            for (ComponentSpec<?, ?> spec : specs) {
                out.append("\n### ").append(spec.alias()).append("\n\n").append(spec.description()).append("\n");
                if (!spec.classNames().isEmpty()) {
                    out.append("\nAlso selected by: ").append(String.join(", ",
                            spec.classNames().stream().map(c -> "`" + c + "`").toList())).append("\n");
                }
                for (String note : spec.notes()) {
                    out.append("\nNote: ").append(note).append("\n");
                }
                if (spec.keys().isEmpty()) {
                    out.append("\nNo keys.\n");
                    continue;
                }
                out.append("\n| key | type | default | valid values | meaning |\n|---|---|---|---|---|\n");
                spec.keys().values().stream()
                        .sorted(Comparator.comparing((ConfigKey<?> k) -> !k.isRequired()))
                        .forEach(k -> out.append("| `").append(k.name()).append("` | ").append(k.type().name())
                                .append(" | ").append(k.isRequired() ? "**required**" : defaultText(k))
                                .append(" | ").append(k.check() == null ? "" : escape(k.check().toString()))
                                .append(" | ").append(escape(k.doc())).append(" |\n"));
                for (String prefix : spec.prefixes()) {
                    out.append("| `").append(prefix).append("*` | | | | read by the component itself |\n");
                }
            }
        }
        return out.toString();
    }

    private static String title(Kind kind) {
        return switch (kind) {
            case SOURCE -> "Sources";
            case CHANNEL -> "Channels";
            case SINK -> "Sinks";
            case INTERCEPTOR -> "Interceptors";
            case SELECTOR -> "Channel selectors";
            case SINK_PROCESSOR -> "Sink processors";
            case SERIALIZER -> "Serializers";
        };
    }

    private static String defaultText(ConfigKey<?> k) {
        return k.defaultText() == null ? "" : "`" + escape(k.defaultText()) + "`";
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
