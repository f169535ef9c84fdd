package io.sluice.runtime.config;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every component type the agent can build, found through {@link ServiceLoader} on
 * {@link ComponentProvider}. A type is looked up by alias (case-insensitive, as Flume upper-cases
 * aliases) or by one of the class names its spec declares. Immutable once loaded; thread-safe.
 */
public final class ComponentRegistry {
    private final Map<Kind, Map<String, ComponentSpec<?, ?>>> byName = new HashMap<>();
    private final List<ComponentSpec<?, ?>> all = new ArrayList<>();

    public ComponentRegistry(List<ComponentSpec<?, ?>> specs) {
        for (ComponentSpec<?, ?> spec : specs) {
            register(spec);
        }
    }

    /** All providers on the class path. */
    public static ComponentRegistry load() {
        List<ComponentSpec<?, ?>> specs = new ArrayList<>();
        for (ComponentProvider p : ServiceLoader.load(ComponentProvider.class, ComponentRegistry.class.getClassLoader())) {
            specs.addAll(p.components());
        }
        return new ComponentRegistry(specs);
    }

    private void register(ComponentSpec<?, ?> spec) {
        Map<String, ComponentSpec<?, ?>> names = byName.computeIfAbsent(spec.kind(), k -> new HashMap<>());
        putUnique(names, spec.alias().toLowerCase(Locale.ENGLISH), spec);
        for (String cls : spec.classNames()) {
            putUnique(names, cls, spec);
        }
        all.add(spec);
    }

    private static void putUnique(Map<String, ComponentSpec<?, ?>> names, String name, ComponentSpec<?, ?> spec) {
        ComponentSpec<?, ?> earlier = names.putIfAbsent(name, spec);
        if (earlier != null && earlier != spec) {
            throw new IllegalStateException(spec.kind().word() + " type '" + name + "' is provided twice ("
                    + earlier.alias() + " and " + spec.alias() + ")");
        }
    }

    public Optional<ComponentSpec<?, ?>> find(Kind kind, String type) {
        Map<String, ComponentSpec<?, ?>> names = byName.getOrDefault(kind, Map.of());
        ComponentSpec<?, ?> spec = names.get(type.toLowerCase(Locale.ENGLISH));
        if (spec == null) {
            spec = names.get(type);
        }
        return Optional.ofNullable(spec);
    }

    /** The message for a type nobody provides: a Flume type not in Sluice yet, or a name nobody knows. */
    public String unknownTypeMessage(Kind kind, String type) {
        String flumeAlias = FlumeTypes.flumeAlias(kind, type);
        if (flumeAlias != null) {
            return "Flume's " + kind.word() + " type '" + type + "' is not available in Sluice yet";
        }
        List<String> aliases = byName.getOrDefault(kind, Map.of()).values().stream()
                .map(ComponentSpec::alias).distinct().sorted().toList();
        String hint = type.contains(".") ? " (a class name that is neither a Sluice component nor one of Flume's built-in"
                + " classes; third-party Flume plugins are not supported yet)" : Suggest.didYouMean(type, aliases);
        return "unknown " + kind.word() + " type '" + type + "'" + hint
                + (aliases.isEmpty() ? "" : "; known: " + String.join(", ", aliases));
    }

    /** Every registered spec, in registration order. */
    public List<ComponentSpec<?, ?>> all() {
        return Collections.unmodifiableList(all);
    }
}
