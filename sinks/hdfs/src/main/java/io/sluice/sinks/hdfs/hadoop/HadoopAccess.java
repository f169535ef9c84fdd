package io.sluice.sinks.hdfs.hadoop;

import io.sluice.sinks.hdfs.HdfsSinkConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.security.PrivilegedExceptionAction;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink's way into Hadoop: its configuration (core-site.xml and hdfs-site.xml from the class
 * path, where {@code bin/agent} puts the agent's conf directory), the user every call runs as
 * (Kerberos login from a keytab, optionally impersonating {@code hdfs.proxyUser}), a file system
 * instance per scheme and authority (its own, not Hadoop's shared cache, so closing it affects no
 * other sink), and the {@code hdfs.threadsPoolSize} pool on which every call runs under
 * {@code hdfs.callTimeout}.
 *
 * <p>Thread-safe: {@link #fileSystem} is synchronized; calls may run on any pool thread.
 */
final class HadoopAccess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HadoopAccess.class);

    private final Configuration conf;
    private final HdfsSinkConfig config;
    private final UserGroupInformation loginUser;
    private final UserGroupInformation callUser;
    private final ExecutorService pool;
    private final Map<String, FileSystem> fileSystems = new HashMap<>();

    HadoopAccess(HdfsSinkConfig config, Configuration conf) throws IOException {
        this.conf = conf;
        this.config = config;
        if (config.kerberosPrincipal() != null) {
            conf.set("hadoop.security.authentication", "kerberos");
            UserGroupInformation.setConfiguration(conf);
            String principal = SecurityUtil.getServerPrincipal(config.kerberosPrincipal(), (String) null);
            this.loginUser = UserGroupInformation.loginUserFromKeytabAndReturnUGI(principal, config.kerberosKeytab());
            LOG.info("hdfs sink {} logged in to Kerberos as {}", config.sinkName(), principal);
        } else {
            this.loginUser = null;
        }
        if (config.proxyUser() != null) {
            UserGroupInformation real = loginUser != null ? loginUser : UserGroupInformation.getLoginUser();
            this.callUser = UserGroupInformation.createProxyUser(config.proxyUser(), real);
        } else {
            this.callUser = loginUser;
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "hdfs-" + config.sinkName() + "-call-" + n.incrementAndGet());
            t.setDaemon(true);
            // Hadoop finds its file systems, codecs and defaults through the context class loader.
            t.setContextClassLoader(HadoopAccess.class.getClassLoader());
            return t;
        };
        this.pool = Executors.newFixedThreadPool(config.threadsPoolSize(), threads);
    }

    Configuration conf() {
        return conf;
    }

    /** Renews the Kerberos ticket from the keytab when it is close to expiry; nothing without Kerberos. */
    void relogin() throws IOException {
        if (loginUser != null) {
            loginUser.checkTGTAndReloginFromKeytab();
        }
    }

    /**
     * The file system a path lives on. {@code file:} paths always get Hadoop's raw local file system:
     * the checksummed one buffers below its hflush (it does not advertise the capability), so a batch
     * committed after its hflush would still be lost when the agent dies.
     */
    synchronized FileSystem fileSystem(Path path) throws IOException {
        URI uri = path.toUri();
        String key = uri.getScheme() == null ? "" : uri.getScheme() + "://" + (uri.getAuthority() == null ? "" : uri.getAuthority());
        FileSystem fs = fileSystems.get(key);
        if (fs == null) {
            fs = asCallUser(() -> FileSystem.newInstance(uri, conf));
            if (fs instanceof LocalFileSystem local) {
                fs = local.getRaw();
            }
            fileSystems.put(key, fs);
        }
        return fs;
    }

    /** Starts {@code call} on the pool, as the call user. */
    <T> Future<T> submit(Callable<T> call) {
        return pool.submit(() -> asCallUser(call::call));
    }

    /**
     * Waits for a submitted call until {@code deadlineNanos} ({@link Long#MAX_VALUE}: no limit); on
     * timeout the call is cancelled (interrupted) and an IOException says so, naming {@code what}.
     */
    <T> T await(Future<T> future, long deadlineNanos, String what) throws IOException {
        try {
            if (deadlineNanos == Long.MAX_VALUE) {
                return future.get();
            }
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CallTimeoutException("Callable timed out after " + config.callTimeoutMillis() + " ms on " + what, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + what);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(what + " failed: " + cause, cause);
        }
    }

    /** The deadline of a call started now. */
    long deadline() {
        return config.callTimeoutMillis() > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.callTimeoutMillis())
                : Long.MAX_VALUE;
    }

    /** Runs one call on the pool and waits for it under {@code hdfs.callTimeout}. */
    <T> T call(String what, Callable<T> call) throws IOException {
        return await(submit(call), deadline(), what);
    }

    private <T> T asCallUser(PrivilegedExceptionAction<T> action) throws IOException {
        if (callUser == null) {
            try {
                return action.run();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        try {
            return callUser.doAs(action);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted as " + callUser.getUserName());
        }
    }

    @Override
    public synchronized void close() {
        pool.shutdownNow();
        for (FileSystem fs : fileSystems.values()) {
            try {
                fs.close();
            } catch (IOException e) {
                LOG.warn("hdfs sink {}: closing {} failed: {}", config.sinkName(), fs.getUri(), e.toString());
            }
        }
        fileSystems.clear();
    }
}
