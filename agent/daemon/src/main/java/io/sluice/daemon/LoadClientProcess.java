package io.sluice.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A benchmark load client run as its own JVM on this class path, so its CPU is not the agent's. */
final class LoadClientProcess implements AutoCloseable {
    private final Process process;

    private LoadClientProcess(Process process) {
        this.process = process;
    }

    static LoadClientProcess start(Class<?> mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String logback = System.getProperty("logback.configurationFile");
        if (logback != null) {
            cmd.add("-Dlogback.configurationFile=" + logback);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        cmd.addAll(List.of(args));
        return new LoadClientProcess(new ProcessBuilder(cmd).inheritIO().start());
    }

    /** True once the client exited with a failure. */
    boolean failed() {
        return !process.isAlive() && process.exitValue() != 0;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Waits for the client to finish by itself; throws if it failed. */
    void awaitSuccess() throws InterruptedException {
        int rc = process.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("load client " + process.info().command().orElse("") + " failed with exit code " + rc);
        }
    }

    /** Ends a client that runs until stopped (SIGTERM counts as success); throws if it had failed. */
    void stop() throws InterruptedException {
        process.destroy();
        int rc = process.waitFor();
        if (rc != 0 && rc != 143) {
            throw new IllegalStateException("load client failed with exit code " + rc);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
