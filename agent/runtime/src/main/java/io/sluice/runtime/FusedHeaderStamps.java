package io.sluice.runtime;

import io.sluice.api.Event;
import io.sluice.api.HeaderStamp;
import io.sluice.api.HeaderStampInterceptor;
import io.sluice.api.Interceptor;
import java.util.Arrays;
import java.util.List;

/**
 * Consecutive header-stamping interceptors of a source (timestamp, host, static) applied in one
 * pass over the batch: each asked once for its stamp, then every event written once, instead of
 * one pass per interceptor. The result is the same as running them one after another. Built by
 * {@link InterceptorFusion}. Thread-safe if its members are.
 */
final class FusedHeaderStamps implements Interceptor {
    private final HeaderStampInterceptor[] members;

    FusedHeaderStamps(List<HeaderStampInterceptor> members) {
        this.members = members.toArray(new HeaderStampInterceptor[0]);
    }

    @Override
    public List<Event> intercept(List<Event> events) {
        HeaderStamp[] stamps = new HeaderStamp[members.length];
        int count = 0;
        for (HeaderStampInterceptor m : members) {
            HeaderStamp stamp = m.stampForBatch();
            if (stamp != null) {
                stamps[count++] = stamp;
            }
        }
        if (count > 0) {
            Event.stampHeaders(events, count == stamps.length ? stamps : Arrays.copyOf(stamps, count));
        }
        return events;
    }
}
