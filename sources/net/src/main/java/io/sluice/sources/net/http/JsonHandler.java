package io.sluice.sources.net.http;

import io.sluice.api.Event;
import io.sluice.api.util.Utf8;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flume's default {@code JSONHandler} (spec §4.5): the body is a JSON array of
 * {@code {"headers": {...}, "body": "..."}} objects in the charset the Content-Type names
 * (UTF-8, UTF-16 or UTF-32; UTF-8 when none), and every body is encoded back into that charset, as
 * Flume does. The media type itself is not checked, as in Flume (curl's default
 * {@code application/x-www-form-urlencoded} works). An unsupported charset, bytes that are not
 * valid in the charset, an empty body, {@code null} and malformed JSON are all answered 400 with the
 * reason (Flume answers 500 to the first and the empty ones). Stateless; thread-safe.
 */
public final class JsonHandler implements HttpSourceHandler {
    public static final String FLUME_CLASS = "org.apache.flume.source.http.JSONHandler";

    public JsonHandler(Map<String, String> settings) {
        // No keys: Flume's JSONHandler reads none either; unknown ones are warned about at validation.
    }

    @Override
    public List<Event> getEvents(HttpSourceRequest request) throws HttpBadRequestException {
        Charset charset = charset(request.charsetName());
        byte[] body = request.body();
        byte[] utf8;
        if (charset.equals(StandardCharsets.UTF_8)) {
            int bad = Utf8.scan(body, 0, body.length);
            if (bad != body.length) {
                throw new HttpBadRequestException("the request body is not valid UTF-8"
                        + (bad >= 0 ? " (it ends inside a character)" : ""));
            }
            utf8 = body;
        } else {
            try {
                String text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
                utf8 = text.getBytes(StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                throw new HttpBadRequestException("the request body is not valid " + charset.name());
            }
        }
        return new JsonEventParser(utf8, charset).parse();
    }

    static Charset charset(String name) throws HttpBadRequestException {
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        switch (name.toUpperCase(Locale.ROOT)) {
            case "UTF-8":
                return StandardCharsets.UTF_8;
            case "UTF-16":
                return StandardCharsets.UTF_16;
            case "UTF-32":
                return Charset.forName("UTF-32");
            default:
                throw new HttpBadRequestException("unsupported charset '" + name
                        + "' in Content-Type; the JSON handler reads UTF-8, UTF-16 or UTF-32");
        }
    }
}
