package io.sluice.api.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plug-in's third-party library kept off the agent's class path (Hadoop's client for the hdfs
 * sink, HBase's for the hbase sinks) and loaded, when the plug-in first needs it, by a class loader
 * of its own.
 *
 * <p>In the distribution the library's jars sit in a subdirectory of {@code lib/} named for it
 * ({@code lib/hadoop/}, {@code lib/hbase/}), beside the plug-in's jar; {@code bin/agent} puts only
 * {@code lib/*} on the class path. Jars on the class path cost every agent start-up time, used or
 * not: every resource lookup (the runtime's ServiceLoader scans, SLF4J, Logback) opens every jar.
 * The first call to {@link #loader()} creates one loader for the process over the plug-in's jar and
 * the library's jars. Classes under the child-first prefixes (the plug-in's package that links
 * against the library, and the library's own packages) come from those jars first, so they link
 * against this copy of the library and not against another plug-in's (HBase's shaded client bundles
 * Hadoop's {@code org.apache.hadoop.conf} and {@code .fs}); every other class is the agent's, so the
 * plug-in and its library side share the api types. Resources are looked up in the agent's class
 * path first (a conf directory there can override the library's defaults).
 *
 * <p>Where the probe class is already visible to the plug-in's own loader (a module's tests, an
 * embedding application with the library on its class path), the library is used as it is and no
 * loader is made.
 *
 * <p>Thread-safe: the loader is created once, under this object's lock.
 */
public final class IsolatedLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(IsolatedLibrary.class);

    private final String what;
    private final Class<?> plugin;
    private final String libDir;
    private final String probe;
    private final List<String> childFirst;
    private final Path pluginJar;

    // Guarded by this.
    private ClassLoader loader;

    /**
     * @param what the library, for log lines and errors ("Hadoop's client")
     * @param plugin a class of the plug-in module; its jar's directory is the distribution's lib dir
     * @param libDir the subdirectory of the lib dir that holds the library's jars
     * @param probe a class only this library has, to tell whether it is already visible
     * @param childFirstPrefixes class name prefixes loaded from the plug-in's and the library's jars first
     */
    public IsolatedLibrary(String what, Class<?> plugin, String libDir, String probe, String... childFirstPrefixes) {
        this(what, plugin, libDir, probe, null, childFirstPrefixes);
    }

    /** With the plug-in's jar given rather than found from the class (tests). */
    IsolatedLibrary(String what, Class<?> plugin, String libDir, String probe, Path pluginJar,
                    String... childFirstPrefixes) {
        this.what = what;
        this.plugin = plugin;
        this.libDir = libDir;
        this.probe = probe;
        this.pluginJar = pluginJar;
        this.childFirst = List.of(childFirstPrefixes);
    }

    /**
     * The loader to load the plug-in's library side with: the plug-in's own when it sees the probe
     * class, else the one over {@code lib/<libDir>/*.jar}, created on the first call. Throws when
     * the library is neither visible nor there.
     */
    public synchronized ClassLoader loader() throws IOException {
        if (loader != null) {
            return loader;
        }
        ClassLoader own = plugin.getClassLoader();
        if (sees(own)) {
            loader = own;
            return loader;
        }
        Path jar = pluginJar != null ? pluginJar : location(plugin);
        Path dir = jar.getParent().resolve(libDir);
        List<URL> urls = new ArrayList<>();
        urls.add(url(jar));
        if (Files.isDirectory(dir)) {
            try (Stream<Path> jars = Files.list(dir)) {
                jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(p -> urls.add(url(p)));
            }
        }
        if (urls.size() == 1) {
            throw new IOException(what + "'s jars are neither on the class path nor in " + dir
                    + " (where the distribution keeps them); " + plugin.getSimpleName() + " cannot start");
        }
        loader = new ChildFirstLoader("sluice-" + libDir, urls.toArray(URL[]::new), own, childFirst);
        LOG.info("{} loaded from {} ({} jars)", what, dir, urls.size() - 1);
        return loader;
    }

    /**
     * Creates {@code className} (a class of the plug-in's library side, implementing {@code type})
     * through {@link #loader()}, with the loader as the thread's context class loader while its
     * constructor runs. An IOException or RuntimeException from the constructor is thrown as it is.
     */
    public <T> T newInstance(Class<T> type, String className, Class<?>[] parameterTypes, Object... args)
            throws IOException {
        ClassLoader isolated = loader();
        try (Context ignored = enter(isolated)) {
            Class<?> c = Class.forName(className, true, isolated);
            return type.cast(c.getConstructor(parameterTypes).newInstance(args));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(className + " could not start " + what + ": " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new IOException("could not load " + className + " with " + what + ": " + e, e);
        }
    }

    /**
     * Makes the loader of {@code side} (a class of a plug-in's library side) the calling thread's
     * context class loader until the returned context is closed: libraries find their plug-ins,
     * codecs and default configuration through it, and a sink's thread has the agent's.
     */
    public static Context enterContextOf(Class<?> side) {
        return enter(side.getClassLoader());
    }

    private static Context enter(ClassLoader l) {
        Thread t = Thread.currentThread();
        Context c = new Context(t, t.getContextClassLoader());
        t.setContextClassLoader(l);
        return c;
    }

    private boolean sees(ClassLoader candidate) {
        try {
            Class.forName(probe, false, candidate);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private Path location(Class<?> c) throws IOException {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new IOException("cannot tell where " + c.getSimpleName() + "'s jar is, so not where " + what
                    + "'s jars are: " + e, e);
        }
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A context class loader set by {@link #enterContextOf}; confined to the thread that entered it. */
    public static final class Context implements AutoCloseable {
        private final Thread thread;
        private final ClassLoader previous;

        private Context(Thread thread, ClassLoader previous) {
            this.thread = thread;
            this.previous = previous;
        }

        /** Restores the thread's previous context class loader. */
        @Override
        public void close() {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Defines the classes under its prefixes itself, from its own jars, and delegates those it does
     * not have, and every other class, to the agent's loader.
     */
    static final class ChildFirstLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final List<String> childFirst;

        ChildFirstLoader(String name, URL[] urls, ClassLoader parent, List<String> childFirst) {
            super(name, urls, parent);
            this.childFirst = childFirst;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (childFirst.stream().noneMatch(name::startsWith)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notInOwnJars) {
                        return super.loadClass(name, resolve);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
