package io.sluice.sources.net.http;

import io.sluice.api.config.SettingsProblem;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the {@link HttpSourceHandler} a {@code handler} value names: Flume's JSON handler (the
 * default; also {@code json}), its two blob handlers (also {@code blob} for the morphline one), or
 * any class implementing {@link HttpSourceHandler}. A Flume plugin handler class (one implementing
 * Flume's own {@code HTTPSourceHandler}) is refused with that explanation. Stateless; thread-safe.
 */
final class HttpHandlers {
    private HttpHandlers() {
    }

    /** Builds the handler; IllegalArgumentException says what is wrong with the name or its keys. */
    static HttpSourceHandler create(String name, Map<String, String> settings) {
        String n = name.trim();
        switch (n.toLowerCase(Locale.ROOT)) {
            case "json":
                return new JsonHandler(settings);
            case "blob":
                return BlobHandler.morphline(settings);
            default:
                break;
        }
        if (n.equals(JsonHandler.FLUME_CLASS) || n.equals(JsonHandler.class.getName())) {
            return new JsonHandler(settings);
        }
        if (n.equals(BlobHandler.MORPHLINE_CLASS)) {
            return BlobHandler.morphline(settings);
        }
        if (n.equals(BlobHandler.CORE_CLASS)) {
            return BlobHandler.core(settings);
        }
        return custom(n, settings);
    }

    /** Problems with a handler name and its keys: an error when it cannot be built, warnings for unread keys. */
    static List<SettingsProblem> check(String handlerKey, String name, Map<String, String> settings) {
        List<SettingsProblem> out = new ArrayList<>();
        try {
            create(name, settings);
        } catch (IllegalArgumentException e) {
            out.add(new SettingsProblem(handlerKey, e.getMessage()));
            return out;
        }
        Set<String> known = knownKeys(name.trim());
        if (known != null) {
            for (String k : settings.keySet()) {
                if (!known.contains(k)) {
                    out.add(SettingsProblem.warning(handlerKey + "." + k, "is not a key of handler " + name.trim()
                            + " and is ignored"));
                }
            }
        }
        return out;
    }

    /** The keys a built-in handler reads; null for a custom one, whose keys only it knows. */
    private static Set<String> knownKeys(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("json") || name.equals(JsonHandler.FLUME_CLASS) || name.equals(JsonHandler.class.getName())) {
            return Set.of();
        }
        if (lower.equals("blob") || name.equals(BlobHandler.MORPHLINE_CLASS)) {
            return Set.copyOf(BlobHandler.keys(true));
        }
        if (name.equals(BlobHandler.CORE_CLASS)) {
            return Set.copyOf(BlobHandler.keys(false));
        }
        return null;
    }

    private static HttpSourceHandler custom(String className, Map<String, String> settings) {
        Class<?> type;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            type = Class.forName(className, false, loader != null ? loader : HttpHandlers.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("handler class " + className + " is not on the class path (built-in "
                    + "handlers: json, blob, " + JsonHandler.FLUME_CLASS + ", " + BlobHandler.MORPHLINE_CLASS + ", "
                    + BlobHandler.CORE_CLASS + ")");
        }
        if (!HttpSourceHandler.class.isAssignableFrom(type)) {
            boolean flume = false;
            for (Class<?> i : type.getInterfaces()) {
                flume |= i.getName().equals("org.apache.flume.source.http.HTTPSourceHandler");
            }
            throw new IllegalArgumentException("handler class " + className + " does not implement "
                    + HttpSourceHandler.class.getName() + (flume ? " (it is a Flume plugin handler; Sluice cannot run "
                    + "Flume's handler API)" : ""));
        }
        try {
            try {
                Constructor<?> withSettings = type.getConstructor(Map.class);
                return (HttpSourceHandler) withSettings.newInstance(settings);
            } catch (NoSuchMethodException e) {
                if (!settings.isEmpty()) {
                    throw new IllegalArgumentException("handler class " + className + " takes no settings (it has no "
                            + "public constructor taking a Map) but handler." + settings.keySet().iterator().next()
                            + " is set");
                }
                return (HttpSourceHandler) type.getConstructor().newInstance();
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException("handler " + className + ": " + iae.getMessage(), iae);
            }
            throw new IllegalArgumentException("handler " + className + " failed to start: " + cause, cause);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException("handler class " + className + " needs a public constructor taking "
                    + "a Map<String, String> of its handler.* keys, or a public no-argument one");
        }
    }
}
