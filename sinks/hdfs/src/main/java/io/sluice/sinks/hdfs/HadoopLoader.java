package io.sluice.sinks.hdfs;

import io.sluice.api.metrics.SinkCounter;
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
 * Makes the Hadoop side of an hdfs sink ({@code io.sluice.sinks.hdfs.hadoop}) when the sink starts.
 *
 * <p>In the distribution Hadoop's jars are not on the agent's class path: {@code bin/agent} starts
 * from {@code lib/*}, and Hadoop's jars (60 MB with their helpers) sit in {@code lib/hadoop/}, beside
 * this module's jar. Merely being on the class path cost every agent about 40 ms of start-up, since
 * every resource lookup (the ServiceLoader scans of the runtime, SLF4J, Logback) opens every jar.
 * The first hdfs sink to start creates one {@link HadoopClassLoader} over them for the whole
 * process; it defines the {@code hadoop} package itself (so those classes link against Hadoop) and
 * leaves everything else to the agent's class loader (so the sink and its Hadoop side share the
 * api types). Where Hadoop is already visible (tests, an embedding application), it is used as is.
 *
 * <p>Thread-safe: the loader is created once, under this class's lock.
 */
final class HadoopLoader {
    private static final Logger LOG = LoggerFactory.getLogger(HadoopLoader.class);
    private static final String HADOOP_SIDE = "io.sluice.sinks.hdfs.hadoop.";
    private static final String HADOOP_PACKAGES = "org.apache.hadoop.";
    private static final String FILES_CLASS = HADOOP_SIDE + "HadoopBucketFiles";
    /**
     * A class only Hadoop's full client has. Not org.apache.hadoop.conf: other plugins' jars (HBase's
     * shaded client) carry those packages too, and seeing them says nothing about HDFS being there.
     */
    private static final String PROBE = "org.apache.hadoop.hdfs.HdfsConfiguration";

    private static ClassLoader loader;

    private HadoopLoader() {
    }

    /** A {@code HadoopBucketFiles} for the sink, created through the Hadoop class loader. */
    static BucketFiles create(HdfsSinkConfig config, SinkCounter counter) throws IOException {
        ClassLoader hadoop = loader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(hadoop);
        try {
            Class<?> files = Class.forName(FILES_CLASS, true, hadoop);
            return (BucketFiles) files.getConstructor(HdfsSinkConfig.class, SinkCounter.class).newInstance(config, counter);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("hdfs sink " + config.sinkName() + " could not start Hadoop: " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IOException("hdfs sink " + config.sinkName() + " could not load its Hadoop side: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static synchronized ClassLoader loader() throws IOException {
        if (loader != null) {
            return loader;
        }
        ClassLoader own = HdfsSink.class.getClassLoader();
        if (sees(own)) {
            loader = own;
            return loader;
        }
        Path moduleJar = moduleLocation();
        Path dir = moduleJar.getParent().resolve("hadoop");
        List<URL> urls = new ArrayList<>();
        urls.add(url(moduleJar));
        if (Files.isDirectory(dir)) {
            try (Stream<Path> jars = Files.list(dir)) {
                jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(p -> urls.add(url(p)));
            }
        }
        if (urls.size() == 1) {
            throw new IOException("Hadoop's client jars are neither on the class path nor in " + dir
                    + " (where the distribution keeps them); the hdfs sink cannot start");
        }
        loader = new HadoopClassLoader(urls.toArray(URL[]::new), own);
        LOG.info("Hadoop's client loaded from {} ({} jars)", dir, urls.size() - 1);
        return loader;
    }

    private static boolean sees(ClassLoader candidate) {
        try {
            Class.forName(PROBE, false, candidate);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Path moduleLocation() throws IOException {
        try {
            return Path.of(HdfsSink.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new IOException("cannot tell where the hdfs sink's jar is, so not where Hadoop's jars are: " + e, e);
        }
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Defines the classes of the sink's Hadoop side itself, from the module's jar, so they resolve
     * Hadoop through this loader; delegates every other class to the agent's loader first and then
     * looks in Hadoop's jars, which the agent's loader does not have.
     */
    static final class HadoopClassLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        HadoopClassLoader(URL[] urls, ClassLoader parent) {
            super("sluice-hadoop", urls, parent);
        }

        /**
         * The sink's Hadoop side and Hadoop itself come from this loader's own jars first: another
         * plugin's jar on the agent's class path may carry its own copy of Hadoop classes (HBase's
         * shaded client bundles org.apache.hadoop.conf and .fs), and mixing the two breaks linkage.
         */
        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            boolean hadoop = name.startsWith(HADOOP_PACKAGES);
            if (!name.startsWith(HADOOP_SIDE) && !hadoop) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notInOwnJars) {
                        if (!hadoop) {
                            throw notInOwnJars;
                        }
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
