package io.sluice.sinks.hdfs.hadoop;

import io.sluice.sinks.hdfs.HdfsSinkConfig;
import io.sluice.sinks.hdfs.BucketKey;
import io.sluice.sinks.hdfs.BucketFiles;
import io.sluice.sinks.hdfs.PathTemplate;
import io.sluice.sinks.hdfs.Rounding;
import io.sluice.sinks.hdfs.LocalHost;
import io.sluice.sinks.hdfs.CodecNames;
import io.sluice.api.Event;
import io.sluice.api.metrics.SinkCounter;
import io.sluice.api.util.IsolatedLibrary;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.util.ReflectionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BucketFiles} on Hadoop's FileSystem API: one {@link BucketWriter} per bucket in an
 * access-ordered map of at most {@code hdfs.maxOpenFiles} (the least recently used is rolled when
 * a new bucket needs room). A batch's buckets are written in parallel on the sink's pool and the
 * sink waits for all of them, each under {@code hdfs.callTimeout}.
 *
 * <p>Called by the sink's thread only, under the sink's lock; not thread-safe itself.
 */
public final class HadoopBucketFiles implements BucketFiles {
    private static final Logger LOG = LoggerFactory.getLogger(HadoopBucketFiles.class);

    private final HdfsSinkConfig config;
    private final SinkCounter counter;
    private final HadoopAccess hadoop;
    private final FileFinalizer finalizer;
    private final CompressionCodec codec;
    private final String extension;
    private final int minReplicas;
    private final BucketWriter.FormatFactory formats;
    private final Map<BucketKey, BucketWriter> writers = new LinkedHashMap<>(16, 0.75f, true);

    /** With the Hadoop configuration of the class path (core-site.xml, hdfs-site.xml from the conf directory). */
    public HadoopBucketFiles(HdfsSinkConfig config, SinkCounter counter) throws IOException {
        this(config, counter, classPathConfiguration());
    }

    private static Configuration classPathConfiguration() {
        Configuration conf = new HdfsConfiguration();
        // Resources and classes named in the configuration are found where Hadoop itself was loaded.
        conf.setClassLoader(HadoopBucketFiles.class.getClassLoader());
        return conf;
    }

    public HadoopBucketFiles(HdfsSinkConfig config, SinkCounter counter, Configuration conf) throws IOException {
        this.config = config;
        this.counter = counter;
        this.hadoop = new HadoopAccess(config, conf);
        this.finalizer = new FileFinalizer(config, hadoop, counter);
        this.codec = config.compressed() ? codec(config.codec(), conf) : null;
        this.extension = config.extension(codec != null ? codec.getDefaultExtension() : "");
        this.minReplicas = config.minBlockReplicas() != null ? config.minBlockReplicas() : conf.getInt("dfs.replication", 3);
        this.formats = config.sequenceFile()
                ? out -> new SequenceFormatWriter(out, config.writeFormat().equals("TEXT"), codec, conf)
                : out -> new StreamFormatWriter(out, config.serializer(), codec, conf);
    }

    private static CompressionCodec codec(String shortName, Configuration conf) throws IOException {
        String className = CodecNames.className(shortName);
        try {
            Class<?> cls = Class.forName(className, true, Configuration.class.getClassLoader());
            return (CompressionCodec) ReflectionUtils.newInstance(cls, conf);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IOException("codec " + shortName + " (" + className + ") cannot be loaded: " + e, e);
        }
    }

    @Override
    public int recoverInUseFiles() throws IOException {
        try (IsolatedLibrary.Context ignored = IsolatedLibrary.enterContextOf(HadoopBucketFiles.class)) {
            return recover();
        }
    }

    private int recover() throws IOException {
        LocalHost host = LocalHost.lookUp();
        ZoneId zone = config.timeZone();
        PathTemplate path = PathTemplate.parse(config.path(), Rounding.NONE, zone, host);
        PathTemplate prefix = PathTemplate.parse(config.filePrefix(), Rounding.NONE, zone, host);
        return new InUseRecovery(config, hadoop, path, prefix, extension).run();
    }

    @Override
    public void write(Map<BucketKey, List<Event>> batch) throws IOException {
        try (IsolatedLibrary.Context ignored = IsolatedLibrary.enterContextOf(HadoopBucketFiles.class)) {
            writeBatch(batch);
        }
    }

    private void writeBatch(Map<BucketKey, List<Event>> batch) throws IOException {
        hadoop.relogin();
        List<BucketWriter> batchWriters = new ArrayList<>(batch.size());
        for (BucketKey key : batch.keySet()) {
            batchWriters.add(writers.computeIfAbsent(key, k ->
                    new BucketWriter(k, config, hadoop, finalizer, formats, extension, minReplicas, counter)));
        }
        evictBeyondMaxOpenFiles(batch);
        List<Future<Void>> running = new ArrayList<>(batch.size());
        int i = 0;
        for (List<Event> events : batch.values()) {
            BucketWriter w = batchWriters.get(i++);
            running.add(hadoop.submit(() -> {
                w.write(events);
                return null;
            }));
        }
        long deadline = hadoop.deadline();
        IOException first = null;
        i = 0;
        for (BucketKey key : batch.keySet()) {
            BucketWriter w = batchWriters.get(i);
            try {
                hadoop.await(running.get(i), deadline, "bucket " + key);
            } catch (IOException | RuntimeException e) {
                if (e instanceof CallTimeoutException) {
                    counter.incrementConnectionFailed();
                    w.detach();
                }
                writers.remove(key);
                if (first == null) {
                    first = e instanceof IOException io ? io : new IOException(e.toString(), e);
                } else {
                    first.addSuppressed(e);
                }
            }
            i++;
        }
        if (first != null) {
            throw first;
        }
    }

    private void evictBeyondMaxOpenFiles(Map<BucketKey, List<Event>> batch) {
        Iterator<Map.Entry<BucketKey, BucketWriter>> it = writers.entrySet().iterator();
        while (writers.size() > config.maxOpenFiles() && it.hasNext()) {
            Map.Entry<BucketKey, BucketWriter> eldest = it.next();
            if (batch.containsKey(eldest.getKey())) {
                continue;
            }
            it.remove();
            rollNow(eldest.getValue());
        }
    }

    @Override
    public void tick() {
        try (IsolatedLibrary.Context ignored = IsolatedLibrary.enterContextOf(HadoopBucketFiles.class)) {
            rollDue();
        }
    }

    private void rollDue() {
        long now = System.nanoTime();
        Iterator<BucketWriter> it = writers.values().iterator();
        List<BucketWriter> due = new ArrayList<>();
        while (it.hasNext()) {
            BucketWriter w = it.next();
            if (w.dueToRoll(now)) {
                due.add(w);
                it.remove();
            } else if (!w.isOpen()) {
                it.remove();
            }
        }
        for (BucketWriter w : due) {
            rollNow(w);
        }
        finalizer.retryDue();
    }

    private void rollNow(BucketWriter w) {
        try {
            hadoop.call("rolling " + w, () -> {
                w.roll();
                return null;
            });
        } catch (IOException | RuntimeException e) {
            counter.incrementConnectionFailed();
            LOG.warn("hdfs sink {}: rolling {} failed: {}", config.sinkName(), w, e.toString());
        }
    }

    @Override
    public void close() {
        try (IsolatedLibrary.Context ignored = IsolatedLibrary.enterContextOf(HadoopBucketFiles.class)) {
            closeAll();
        }
    }

    private void closeAll() {
        for (BucketWriter w : writers.values()) {
            rollNow(w);
        }
        writers.clear();
        if (finalizer.pendingCount() > 0) {
            LOG.warn("hdfs sink {}: {} file(s) could not be closed or renamed before the stop; they are finalized at "
                    + "the next start", config.sinkName(), finalizer.pendingCount());
        }
        hadoop.close();
    }
}
