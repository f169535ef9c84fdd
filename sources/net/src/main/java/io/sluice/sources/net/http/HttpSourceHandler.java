package io.sluice.sources.net.http;

import io.sluice.api.Event;
import java.util.List;

/**
 * Turns one complete HTTP request into the events the {@code http} source puts into its channels,
 * all in one transaction: Flume's {@code HTTPSourceHandler}, for handlers written against Sluice.
 * Name the implementing class in {@code handler}; its {@code handler.*} keys, prefix removed, are
 * passed to a public constructor taking a {@code Map<String, String>}, or the class has a public
 * no-argument constructor and no keys. A constructor that throws {@link IllegalArgumentException}
 * refuses the configuration with the exception's message, at validation time.
 *
 * <p>The source builds one instance and calls {@link #getEvents} from several threads at once, so
 * implementations must be thread-safe (the simplest way: keep no mutable state).
 */
public interface HttpSourceHandler {
    /**
     * The events for one request; an empty list is answered 200 with nothing put. Throw
     * {@link HttpBadRequestException} to answer 400 (or the status it carries) with its message;
     * any other exception is answered 500 and counted as GenericProcessingFail.
     */
    List<Event> getEvents(HttpSourceRequest request) throws HttpBadRequestException;

    /**
     * The largest request body in bytes this handler accepts, or 0 to use the source's
     * {@code maxRequestBytes}. A larger body is answered 413 before the handler sees it.
     */
    default long maxRequestBytes() {
        return 0;
    }
}
