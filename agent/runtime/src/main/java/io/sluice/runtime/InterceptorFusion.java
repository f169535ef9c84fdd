package io.sluice.runtime;

import io.sluice.api.EventInterceptor;
import io.sluice.api.HeaderStampInterceptor;
import io.sluice.api.Interceptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a source's interceptor chain so that every run of two or more interceptors of a kind the
 * runtime can fuse becomes one stage that walks the batch once: per-event interceptors
 * ({@link FusedEventInterceptors}) and header stamps ({@link FusedHeaderStamps}). Order and results
 * are unchanged; the batch is simply touched fewer times while it is out of cache.
 */
final class InterceptorFusion {
    private InterceptorFusion() {
    }

    static List<Interceptor> fuse(List<Interceptor> chain) {
        List<Interceptor> out = new ArrayList<>();
        List<Interceptor> run = new ArrayList<>();
        Class<?> runKind = null;
        for (Interceptor i : chain) {
            Class<?> kind = kindOf(i);
            if (kind == null || kind != runKind) {
                flush(runKind, run, out);
                runKind = kind;
            }
            run.add(i);
        }
        flush(runKind, run, out);
        return List.copyOf(out);
    }

    /** The fusable kind an interceptor belongs to, or null if it runs on its own. */
    private static Class<?> kindOf(Interceptor i) {
        if (i instanceof HeaderStampInterceptor) {
            return HeaderStampInterceptor.class;
        }
        if (i instanceof EventInterceptor) {
            return EventInterceptor.class;
        }
        return null;
    }

    private static void flush(Class<?> kind, List<Interceptor> run, List<Interceptor> out) {
        if (run.size() == 1 || (kind == null && !run.isEmpty())) {
            out.addAll(run);
        } else if (kind == HeaderStampInterceptor.class) {
            out.add(new FusedHeaderStamps(run.stream().map(HeaderStampInterceptor.class::cast).toList()));
        } else if (kind == EventInterceptor.class) {
            out.add(new FusedEventInterceptors(run.stream().map(EventInterceptor.class::cast).toList()));
        }
        run.clear();
    }
}
