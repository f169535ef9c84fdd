package io.sluice.daemon;

/** One benchmark round: events and body bytes moved, wall and CPU seconds, and fsyncs (-1 without a file channel). */
record BenchmarkResult(long events, long bytes, double seconds, double cpuSeconds, long fsyncs) {
}
