package io.sluice.sources.net.http;

import io.netty.handler.codec.http.HttpVersion;

/**
 * A complete request handed from {@link HttpRequestReader} (event loop) to
 * {@link HttpRequestCommitter} (commit executor). The reader reads nothing more from the connection
 * until {@link HttpRequestReader#done} is called for it.
 *
 * @param request       what the handler sees
 * @param version       to answer in
 * @param keepAlive     whether the connection may serve another request afterwards
 * @param reservedBytes budget held for the body, released by {@code done}
 * @param reader        the connection's reader
 */
record HttpCall(HttpSourceRequest request, HttpVersion version, boolean keepAlive, long reservedBytes,
                HttpRequestReader reader) {
}
