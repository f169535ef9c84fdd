package io.sluice.sources.net.http;

import io.sluice.api.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole request body as one event (spec §4.5), in Flume's two flavours:
 *
 * <ul>
 *   <li>{@code org.apache.flume.sink.solr.morphline.BlobHandler} (alias {@code blob}), the one the
 *       user guide documents: headers are the Content-Type (when sent) and every request parameter's
 *       first value; {@code handler.maxBlobLength} caps the body. A longer body is answered 413 and
 *       nothing is put (Flume truncates it silently and answers 200).</li>
 *   <li>{@code org.apache.flume.source.http.BLOBHandler}: headers are the parameters only;
 *       {@code handler.mandatoryParameters} (comma-separated) must all be present, else 400. An empty
 *       list means none (Flume then requires a parameter with an empty name and fails every request).
 *       The body is capped by the source's {@code maxRequestBytes}.</li>
 * </ul>
 *
 * Parameters are the query string's and, for a form-encoded body, the form's. Immutable; thread-safe.
 */
public final class BlobHandler implements HttpSourceHandler {
    public static final String MORPHLINE_CLASS = "org.apache.flume.sink.solr.morphline.BlobHandler";
    public static final String CORE_CLASS = "org.apache.flume.source.http.BLOBHandler";
    public static final String MAX_BLOB_LENGTH = "maxBlobLength";
    public static final String MANDATORY_PARAMETERS = "mandatoryParameters";
    static final long DEFAULT_MAX_BLOB_LENGTH = 100_000_000L;

    private final boolean morphline;
    private final long maxBlobLength;
    private final List<String> mandatory;

    private BlobHandler(boolean morphline, long maxBlobLength, List<String> mandatory) {
        this.morphline = morphline;
        this.maxBlobLength = maxBlobLength;
        this.mandatory = mandatory;
    }

    /** The morphline flavour; {@code maxBlobLength} must be a positive whole number. */
    public static BlobHandler morphline(Map<String, String> settings) {
        String raw = settings.get(MAX_BLOB_LENGTH);
        long max = DEFAULT_MAX_BLOB_LENGTH;
        if (raw != null) {
            try {
                max = Long.parseLong(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("handler." + MAX_BLOB_LENGTH + " = " + raw + ": is not a whole number");
            }
            if (max <= 0) {
                throw new IllegalArgumentException("handler." + MAX_BLOB_LENGTH + " = " + raw + ": must be at least 1");
            }
        }
        return new BlobHandler(true, max, List.of());
    }

    /** The core flavour with its mandatory parameters. */
    public static BlobHandler core(Map<String, String> settings) {
        String raw = settings.getOrDefault(MANDATORY_PARAMETERS, "");
        List<String> names = new ArrayList<>();
        for (String n : raw.split(",")) {
            if (!n.trim().isEmpty()) {
                names.add(n.trim());
            }
        }
        return new BlobHandler(false, 0, List.copyOf(names));
    }

    /** The keys a flavour reads, for unknown-key warnings. */
    static List<String> keys(boolean morphline) {
        return morphline ? List.of(MAX_BLOB_LENGTH) : List.of(MANDATORY_PARAMETERS);
    }

    @Override
    public long maxRequestBytes() {
        return morphline ? maxBlobLength : 0;
    }

    @Override
    public List<Event> getEvents(HttpSourceRequest request) throws HttpBadRequestException {
        Map<String, List<String>> params = request.parameters();
        for (String name : mandatory) {
            if (!params.containsKey(name)) {
                throw new HttpBadRequestException("Please specify " + name + " parameter in the request.");
            }
        }
        byte[] body = request.body();
        Event e = Event.of(body); // the request's own array, read by nobody else
        if (morphline && request.contentType() != null) {
            e.putHeader("Content-Type", request.contentType());
        }
        params.forEach((k, v) -> {
            if (!v.isEmpty()) {
                e.putHeader(k, v.get(0));
            }
        });
        return List.of(e);
    }
}
