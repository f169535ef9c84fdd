package io.sluice.sources.local.files;

import io.sluice.api.config.Check;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Config checks shared by the file and command sources. Stateless. */
public final class TextChecks {
    private static final String PROBE = "\n\r azAZ09.-_";
    private static final byte[] PROBE_ASCII = PROBE.getBytes(StandardCharsets.US_ASCII);

    private TextChecks() {
    }

    /**
     * Charsets in which {@code '\n'} and {@code '\r'} are the single bytes 0x0A and 0x0D and never
     * appear inside another character (UTF-8, ISO-8859-*, windows-125*, GBK, Shift_JIS, ...), so
     * lines can be found in the raw bytes before anything is decoded. UTF-16, UTF-32 and EBCDIC are not.
     */
    public static final Check<Charset> ASCII_COMPATIBLE = Check.of(
            "a charset that encodes ASCII as itself (UTF-8, ISO-8859-1, windows-1252, GBK, ...; not UTF-16/32 or EBCDIC)",
            TextChecks::isAsciiCompatible);

    public static final Check<String> REGEX = Check.of("a Java regular expression", TextChecks::compiles);

    public static boolean isAsciiCompatible(Charset charset) {
        if (!charset.canEncode()) {
            return false;
        }
        return Arrays.equals(PROBE.getBytes(charset), PROBE_ASCII) && charset.newEncoder().maxBytesPerChar() < 8;
    }

    static boolean compiles(String regex) {
        try {
            Pattern.compile(regex);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }
}
