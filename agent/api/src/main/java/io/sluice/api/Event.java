package io.sluice.api;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * One unit of data moving through an agent: string headers and a byte body, as in Flume.
 *
 * <p>Events are mutable in the way Flume's are: interceptors change headers in place. Headers live
 * in one small array of alternating names and values, in insertion order, allocated on the first
 * write: events carry few headers, and a hash map per event costs more than the scan. Events of a
 * batch that end up with the same headers share one array ({@link #stampHeaders}); a shared array
 * is never written, a change copies it first. An event is handed from thread to thread only through
 * a channel, whose commit publishes it; it is not safe to mutate one event from two threads at once.
 */
public final class Event {
    private static final String[] NO_HEADERS = new String[0];

    private String[] headers = NO_HEADERS;
    private int headerCount;
    /** Characters of all header names and values, kept current so sizeInBytes() costs nothing per header. */
    private long headerChars;
    /** Whether {@link #headers} may be referenced by other events too, so it must be copied before a write. */
    private boolean headersShared;
    private byte[] body;

    private Event(byte[] body) {
        this.body = Objects.requireNonNull(body, "body");
    }

    /** An event with no headers. The array is taken as is, not copied. */
    public static Event of(byte[] body) {
        return new Event(body);
    }

    /** An event with a copy of the given headers. The body array is taken as is, not copied. */
    public static Event of(Map<String, String> headers, byte[] body) {
        Event e = new Event(body);
        e.setHeaders(headers);
        return e;
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

    /** A read-only view of the headers, in insertion order; it reflects later changes. */
    public Map<String, String> headers() {
        return new HeaderView();
    }

    public String header(String name) {
        int i = indexOf(name);
        return i < 0 ? null : headers[i + 1];
    }

    public boolean hasHeader(String name) {
        return indexOf(name) >= 0;
    }

    public int headerCount() {
        return headerCount;
    }

    public void putHeader(String name, String value) {
        Objects.requireNonNull(name, "header name");
        Objects.requireNonNull(value, "header value");
        int i = indexOf(name);
        if (i >= 0) {
            if (headers[i + 1].equals(value)) {
                return;
            }
            ownHeaders(headers.length);
            headerChars += value.length() - headers[i + 1].length();
            headers[i + 1] = value;
            return;
        }
        int slot = 2 * headerCount;
        if (slot == headers.length) {
            headers = Arrays.copyOf(headers, Math.max(8, headers.length * 2));
            headersShared = false;
        } else {
            ownHeaders(headers.length);
        }
        headers[slot] = name;
        headers[slot + 1] = value;
        headerCount++;
        headerChars += name.length() + value.length();
    }

    /** Sets the header unless the event already has it (one scan instead of hasHeader and putHeader). */
    public void putHeaderIfAbsent(String name, String value) {
        if (indexOf(name) < 0) {
            putHeader(name, value);
        }
    }

    public void removeHeader(String name) {
        int i = indexOf(name);
        if (i < 0) {
            return;
        }
        ownHeaders(headers.length);
        headerChars -= headers[i].length() + headers[i + 1].length();
        int end = 2 * headerCount;
        System.arraycopy(headers, i + 2, headers, i, end - i - 2);
        headers[end - 2] = null;
        headers[end - 1] = null;
        headerCount--;
    }

    /** Replaces all headers with a copy of {@code newHeaders}. */
    public void setHeaders(Map<String, String> newHeaders) {
        headers = newHeaders.isEmpty() ? NO_HEADERS : new String[Math.max(8, 2 * newHeaders.size())];
        headersShared = false;
        headerCount = 0;
        headerChars = 0;
        for (Map.Entry<String, String> e : newHeaders.entrySet()) {
            putHeader(e.getKey(), e.getValue());
        }
    }

    /**
     * Applies {@code stamps} in order to every event of a batch, as {@link #putHeader} (or
     * {@link #putHeaderIfAbsent} where a stamp preserves existing headers) on each event would.
     * Events that start out with the same headers, as the events of one batch usually do, end up
     * sharing one array: one allocation per batch instead of one per event, and one pass over the
     * batch however many stamps there are.
     */
    public static void stampHeaders(List<Event> events, HeaderStamp... stamps) {
        String[] lastIn = null;
        int lastInCount = -1;
        Event lastOut = null;
        for (int i = 0, n = events.size(); i < n; i++) {
            Event e = events.get(i);
            if (lastOut != null && e.headers == lastIn && e.headerCount == lastInCount) {
                e.headers = lastOut.headers;
                e.headerCount = lastOut.headerCount;
                e.headerChars = lastOut.headerChars;
                e.headersShared = true;
                lastOut.headersShared = true;
                continue;
            }
            lastIn = e.headers;
            lastInCount = e.headerCount;
            for (HeaderStamp stamp : stamps) {
                if (stamp.preserveExisting()) {
                    e.putHeaderIfAbsent(stamp.name(), stamp.value());
                } else {
                    e.putHeader(stamp.name(), stamp.value());
                }
            }
            lastOut = e;
        }
    }

    /** Makes {@link #headers} this event's own (copying a shared array) before it is written. */
    private void ownHeaders(int capacity) {
        if (headersShared) {
            headers = Arrays.copyOf(headers, capacity);
            headersShared = false;
        }
    }

    /** Bytes this event occupies in a byte-bounded buffer: body plus UTF-16 header text, estimated. */
    public long sizeInBytes() {
        return body.length + 2 * headerChars;
    }

    private int indexOf(String name) {
        for (int i = 0; i < 2 * headerCount; i += 2) {
            if (headers[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "Event{headers=" + headers() + ", bodyLength=" + body.length + "}";
    }

    /** The headers as a read-only Map, backed by the event; toString is Flume's {@code {k=v, k2=v2}}. */
    private final class HeaderView extends AbstractMap<String, String> {
        @Override
        public int size() {
            return headerCount;
        }

        @Override
        public String get(Object key) {
            return key instanceof String s ? header(s) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String s && hasHeader(s);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return headerCount;
                }

                @Override
                public Iterator<Entry<String, String>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < headerCount;
                        }

                        @Override
                        public Entry<String, String> next() {
                            if (next >= headerCount) {
                                throw new NoSuchElementException();
                            }
                            int i = 2 * next++;
                            return new SimpleImmutableEntry<>(headers[i], headers[i + 1]);
                        }
                    };
                }
            };
        }
    }
}
