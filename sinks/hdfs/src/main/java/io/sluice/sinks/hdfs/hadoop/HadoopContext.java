package io.sluice.sinks.hdfs.hadoop;

/**
 * Sets the calling thread's context class loader to the one that loaded Hadoop for the span of a
 * call into it, and restores the previous one on close: Hadoop finds its file systems, codecs and
 * default configuration through the context class loader, and the sink's thread has the agent's.
 * Confined to the thread that entered it.
 */
final class HadoopContext implements AutoCloseable {
    private final Thread thread;
    private final ClassLoader previous;

    private HadoopContext(Thread thread, ClassLoader previous) {
        this.thread = thread;
        this.previous = previous;
    }

    static HadoopContext enter() {
        Thread t = Thread.currentThread();
        HadoopContext c = new HadoopContext(t, t.getContextClassLoader());
        t.setContextClassLoader(HadoopContext.class.getClassLoader());
        return c;
    }

    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
