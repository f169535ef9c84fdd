package io.sluice.api;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One unit of data moving through an agent: string headers and a byte body, as in Flume.
 *
 * <p>Events are mutable in the way Flume's are: interceptors change headers in place. The header
 * map is allocated on the first write, so header-less events (the common case for log lines) cost
 * one object and the body array. An event is handed from thread to thread only through a channel,
 * whose commit publishes it; it is not safe to mutate one event from two threads at once.
 */
public final class Event {
    private Map<String, String> headers;
    private byte[] body;

    private Event(Map<String, String> headers, byte[] body) {
        this.headers = headers;
        this.body = Objects.requireNonNull(body, "body");
    }

    /** An event with no headers. The array is taken as is, not copied. */
    public static Event of(byte[] body) {
        return new Event(null, body);
    }

    /** An event with a copy of the given headers. The body array is taken as is, not copied. */
    public static Event of(Map<String, String> headers, byte[] body) {
        return new Event(headers.isEmpty() ? null : new LinkedHashMap<>(headers), body);
    }

    /** An event whose body is the UTF-8 encoding of {@code text}. */
    public static Event ofString(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] body() {
        return body;
    }

    public void setBody(byte[] body) {
        this.body = Objects.requireNonNull(body, "body");
    }

    /** A read-only view of the headers, in insertion order. */
    public Map<String, String> headers() {
        return headers == null ? Collections.emptyMap() : Collections.unmodifiableMap(headers);
    }

    public String header(String name) {
        return headers == null ? null : headers.get(name);
    }

    public boolean hasHeader(String name) {
        return headers != null && headers.containsKey(name);
    }

    public void putHeader(String name, String value) {
        Objects.requireNonNull(name, "header name");
        Objects.requireNonNull(value, "header value");
        if (headers == null) {
            headers = new LinkedHashMap<>(4);
        }
        headers.put(name, value);
    }

    public void removeHeader(String name) {
        if (headers != null) {
            headers.remove(name);
        }
    }

    /** Replaces all headers with a copy of {@code newHeaders}. */
    public void setHeaders(Map<String, String> newHeaders) {
        headers = newHeaders.isEmpty() ? null : new LinkedHashMap<>(newHeaders);
    }

    /** Bytes this event occupies in a byte-bounded buffer: body plus UTF-16 header text, estimated. */
    public long sizeInBytes() {
        long size = body.length;
        if (headers != null) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                size += 2L * (e.getKey().length() + e.getValue().length());
            }
        }
        return size;
    }

    @Override
    public String toString() {
        return "Event{headers=" + headers() + ", bodyLength=" + body.length + "}";
    }
}
