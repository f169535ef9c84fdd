package io.sluice.sources.net.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One complete request as a {@link HttpSourceHandler} sees it: method, target, headers, the whole
 * body (already within the size limit) and the sender's address. Netty's types stay inside: headers
 * are read by name, case-insensitively. Immutable once built; safe to read from any thread.
 */
public final class HttpSourceRequest {
    private final String method;
    private final String uri;
    private final HttpHeaders headers;
    private final byte[] body;
    private final InetSocketAddress remoteAddress;
    private Map<String, List<String>> parameters;

    HttpSourceRequest(String method, String uri, HttpHeaders headers, byte[] body, InetSocketAddress remoteAddress) {
        this.method = method;
        this.uri = uri;
        this.headers = headers;
        this.body = body;
        this.remoteAddress = remoteAddress;
    }

    /** For handler tests: a request with the given method, target, headers and body. */
    public static HttpSourceRequest of(String method, String uri, Map<String, String> headers, byte[] body) {
        HttpHeaders h = new DefaultHttpHeaders();
        headers.forEach(h::add);
        return new HttpSourceRequest(method, uri, h, body, null);
    }

    /** {@code GET}, {@code POST} or {@code HEAD}: the source answers other methods itself. */
    public String method() {
        return method;
    }

    /** The request target as sent, e.g. {@code /events?app=web}. */
    public String uri() {
        return uri;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** Every value of a header, in order; empty when absent. */
    public List<String> headers(String name) {
        return headers.getAll(name);
    }

    /** The Content-Type header as sent, or null. */
    public String contentType() {
        return headers.get(HttpHeaderNames.CONTENT_TYPE);
    }

    /** The {@code charset} parameter of the Content-Type, unquoted, or null when there is none. */
    public String charsetName() {
        String ct = contentType();
        if (ct == null) {
            return null;
        }
        CharSequence cs = HttpUtil.getCharsetAsSequence(ct);
        if (cs == null) {
            return null;
        }
        String name = cs.toString().trim();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        return name;
    }

    /**
     * Query-string parameters and, for an {@code application/x-www-form-urlencoded} body, the form
     * fields after them, as a servlet container reports them: name to values, in order.
     */
    public synchronized Map<String, List<String>> parameters() {
        if (parameters == null) {
            Map<String, List<String>> out = new LinkedHashMap<>(new QueryStringDecoder(uri, StandardCharsets.UTF_8)
                    .parameters());
            String ct = contentType();
            if (ct != null && ct.toLowerCase(Locale.ROOT)
                    .startsWith(HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED.toString()) && body.length > 0) {
                new QueryStringDecoder(new String(body, StandardCharsets.UTF_8), StandardCharsets.UTF_8, false)
                        .parameters().forEach((k, v) -> out.merge(k, v, (a, b) -> {
                            List<String> all = new ArrayList<>(a);
                            all.addAll(b);
                            return all;
                        }));
            }
            parameters = Collections.unmodifiableMap(out);
        }
        return parameters;
    }

    /** The whole body; the array is the request's own, so do not change it. */
    public byte[] body() {
        return body;
    }

    /** The sender's address, or null in tests. */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }
}
