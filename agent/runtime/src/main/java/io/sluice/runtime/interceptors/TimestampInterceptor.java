package io.sluice.runtime.interceptors;

import io.sluice.api.HeaderStamp;
import io.sluice.api.HeaderStampInterceptor;
import io.sluice.api.Interceptor;
import io.sluice.api.InterceptorContext;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;

/**
 * Flume's timestamp interceptor (spec §9.3): the current time in epoch milliseconds. The clock is
 * read once per batch, not per event: a batch arrived at one moment and passes here within
 * microseconds, so the values are the same milliseconds Flume writes, and a clock read costs more
 * than the rest of the interceptor. Thread-safe.
 */
public final class TimestampInterceptor implements HeaderStampInterceptor {
    static final ConfigKey<String> HEADER_NAME = ConfigKey.string("headerName").defaultValue("timestamp")
            .check(Check.notBlank()).doc("Header to write.");
    static final ConfigKey<Boolean> PRESERVE_EXISTING = ConfigKey.bool("preserveExisting").defaultValue(false)
            .doc("Leave the header alone when the event already has it.");

    public static final ComponentSpec<InterceptorContext, Interceptor> SPEC = ComponentSpec
            .interceptor("timestamp", TimestampInterceptor::new)
            .flumeClass("org.apache.flume.interceptor.TimestampInterceptor$Builder")
            .doc("Sets a header to the time the event passed through, in epoch milliseconds.")
            .keys(HEADER_NAME, PRESERVE_EXISTING)
            .build();

    private final String header;
    private final boolean preserveExisting;

    TimestampInterceptor(InterceptorContext ctx) {
        this.header = ctx.settings().get(HEADER_NAME);
        this.preserveExisting = ctx.settings().get(PRESERVE_EXISTING);
    }

    @Override
    public HeaderStamp stampForBatch() {
        return new HeaderStamp(header, Long.toString(System.currentTimeMillis()), preserveExisting);
    }
}
