package io.sluice.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;

/**
 * Sluice's own process settings (reload interval, drain and start timeouts, restart backoff, JMX), with
 * defaults in the runtime's {@code reference.conf} and overrides from system properties
 * ({@code -Dsluice.shutdown.drainTimeout=30s}), read through Typesafe Config so durations take units.
 */
public record RuntimeSettings(Duration reloadPollInterval, Duration drainTimeout, Duration channelStartTimeout,
                              Duration restartMinBackoff, Duration restartMaxBackoff, boolean jmx) {

    public static RuntimeSettings load() {
        return from(ConfigFactory.load());
    }

    public static RuntimeSettings from(Config config) {
        Config c = config.getConfig("sluice");
        return new RuntimeSettings(
                c.getDuration("reload.pollInterval"),
                c.getDuration("shutdown.drainTimeout"),
                c.getDuration("channelStartTimeout"),
                c.getDuration("restart.minBackoff"),
                c.getDuration("restart.maxBackoff"),
                c.getBoolean("metrics.jmx"));
    }
}
