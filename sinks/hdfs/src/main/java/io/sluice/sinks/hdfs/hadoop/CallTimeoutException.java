package io.sluice.sinks.hdfs.hadoop;

import java.io.IOException;

/** An HDFS call did not finish within {@code hdfs.callTimeout} and was cancelled. */
final class CallTimeoutException extends IOException {
    CallTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
