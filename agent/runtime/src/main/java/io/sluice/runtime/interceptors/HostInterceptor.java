package io.sluice.runtime.interceptors;

import io.sluice.api.HeaderStamp;
import io.sluice.api.HeaderStampInterceptor;
import io.sluice.api.Interceptor;
import io.sluice.api.InterceptorContext;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's host interceptor (spec §9.4): this machine's IP address or canonical host name, resolved
 * once when the interceptor is built. If the host cannot be resolved the header is never set and
 * that is logged once, as in Flume. Thread-safe.
 */
public final class HostInterceptor implements HeaderStampInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(HostInterceptor.class);
    static final ConfigKey<String> HOST_HEADER = ConfigKey.string("hostHeader").defaultValue("host")
            .check(Check.notBlank()).doc("Header to write.");
    static final ConfigKey<Boolean> USE_IP = ConfigKey.bool("useIP").defaultValue(true)
            .doc("true: the local IP address; false: the canonical host name.");
    static final ConfigKey<Boolean> PRESERVE_EXISTING = ConfigKey.bool("preserveExisting").defaultValue(false)
            .doc("Leave the header alone when the event already has it.");

    public static final ComponentSpec<InterceptorContext, Interceptor> SPEC = ComponentSpec
            .interceptor("host", HostInterceptor::new)
            .flumeClass("org.apache.flume.interceptor.HostInterceptor$Builder")
            .doc("Sets a header to this agent's IP address or host name.")
            .keys(HOST_HEADER, USE_IP, PRESERVE_EXISTING)
            .build();

    /** Null when this host's name could not be resolved: the header is then not set. */
    private final HeaderStamp stamp;

    HostInterceptor(InterceptorContext ctx) {
        String header = ctx.settings().get(HOST_HEADER);
        String resolved = null;
        try {
            InetAddress local = InetAddress.getLocalHost();
            resolved = ctx.settings().get(USE_IP) ? local.getHostAddress() : local.getCanonicalHostName();
        } catch (UnknownHostException e) {
            LOG.warn("host interceptor {} of source {}: cannot resolve this host ({}); the {} header will not be set",
                    ctx.name(), ctx.sourceName(), e.getMessage(), header);
        }
        this.stamp = resolved == null ? null : new HeaderStamp(header, resolved, ctx.settings().get(PRESERVE_EXISTING));
    }

    @Override
    public HeaderStamp stampForBatch() {
        return stamp;
    }
}
