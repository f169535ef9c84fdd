package io.sluice.sources.net.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Builds the source's replies: 200 with an empty body once the events are committed, and errors as
 * {@code text/plain} with a one-line reason. Keep-alive follows the request unless the reply must
 * close (a body left unread). {@code sendServerVersion} and {@code sendDateHeader} are Jetty's
 * switches of the same name. Immutable; thread-safe.
 */
final class HttpResponses {
    private final boolean sendServer;
    private final boolean sendDate;

    HttpResponses(boolean sendServer, boolean sendDate) {
        this.sendServer = sendServer;
        this.sendDate = sendDate;
    }

    FullHttpResponse ok(HttpVersion version, boolean keepAlive) {
        FullHttpResponse r = new DefaultFullHttpResponse(version, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
        return finish(r, version, keepAlive);
    }

    FullHttpResponse error(ByteBufAllocator alloc, HttpVersion version, HttpResponseStatus status, String reason,
                           boolean keepAlive) {
        String line = reason.replace('\r', ' ').replace('\n', ' ') + "\n";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(version, status, alloc.buffer(bytes.length).writeBytes(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
        return finish(r, version, keepAlive);
    }

    private FullHttpResponse finish(FullHttpResponse r, HttpVersion version, boolean keepAlive) {
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version.equals(HttpVersion.HTTP_1_0)) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        if (sendServer) {
            r.headers().set(HttpHeaderNames.SERVER, "Sluice");
        }
        if (sendDate) {
            r.headers().set(HttpHeaderNames.DATE, DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()));
        }
        return r;
    }
}
