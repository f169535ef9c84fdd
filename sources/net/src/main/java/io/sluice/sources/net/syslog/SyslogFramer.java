package io.sluice.sources.net.syslog;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Cuts a syslog TCP stream into messages. Two framings are told apart per message (RFC 6587):
 *
 * <pre>
 *   newline-terminated:  &lt;13&gt;Oct 11 22:14:15 host app: one\n&lt;13&gt;Oct 11 22:14:15 host app: two\n
 *   octet-counted:       38 &lt;13&gt;1 2003-10-11T22:14:15Z host app - - x33 &lt;13&gt;...
 * </pre>
 *
 * A message starting with a digit 1 to 9 followed by up to eight more digits and a space is
 * octet-counted; anything else runs to the next {@code \n} (the {@code \n} is not part of it, a
 * {@code \r} before it is). Newlines between messages are skipped. Flume knows only the newline
 * framing, where such a message would be delivered as Invalid.
 *
 * <p>A message reaching {@code eventSize} bytes is cut there, as Flume cuts it: the first
 * {@code eventSize} bytes are one message (marked cut), and what follows is framed as a new message
 * (which then usually does not start with {@code <PRI>}). So one connection never holds more than
 * {@code eventSize} bytes of an unfinished message. Not thread-safe: one instance per connection.
 */
final class SyslogFramer {

    /** Receives framed messages. The array is reused after the call returns. */
    interface FrameSink {
        /** Returns false when the sink wants no more messages for now. */
        boolean frame(byte[] msg, int len, boolean cut);
    }

    private enum State { START, LINE, COUNT, OCTETS }

    private static final int MAX_COUNT_DIGITS = 9;
    private static final int INITIAL_BUFFER = 4096;

    private final int eventSize;
    private byte[] buf;
    private int len;
    private State state = State.START;
    private long octetsLeft;

    SyslogFramer(int eventSize) {
        if (eventSize < 1) {
            throw new IllegalArgumentException("eventSize must be at least 1: " + eventSize);
        }
        this.eventSize = eventSize;
        this.buf = new byte[Math.min(eventSize, INITIAL_BUFFER)];
    }

    /** Consumes {@code in} until it is empty or the sink asks to stop; unread bytes stay in {@code in}. */
    void decode(ByteBuf in, FrameSink sink) {
        int r = in.readerIndex();
        final int w = in.writerIndex();
        boolean more = true;
        while (r < w && more) {
            switch (state) {
                case START -> {
                    byte b = in.getByte(r);
                    if (b == '\n') {
                        r++;
                    } else if (b >= '1' && b <= '9') {
                        state = State.COUNT;
                    } else {
                        state = State.LINE;
                    }
                }
                case COUNT -> {
                    byte b = in.getByte(r);
                    if (b >= '0' && b <= '9' && len < MAX_COUNT_DIGITS) {
                        append(b);
                        r++;
                    } else if (b == ' ' && len > 0) {
                        octetsLeft = 0;
                        for (int i = 0; i < len; i++) {
                            octetsLeft = octetsLeft * 10 + (buf[i] - '0');
                        }
                        len = 0;
                        r++;
                        state = State.OCTETS;
                    } else {
                        state = State.LINE; // not a length after all: the digits start a line
                    }
                }
                case OCTETS -> {
                    int n = (int) Math.min(Math.min(octetsLeft, w - r), eventSize - len);
                    ensure(len + n);
                    in.getBytes(r, buf, len, n);
                    len += n;
                    r += n;
                    octetsLeft -= n;
                    if (octetsLeft == 0) {
                        state = State.START;
                        more = emit(sink, false);
                    } else if (len == eventSize) {
                        more = emit(sink, true);
                    }
                }
                case LINE -> {
                    int nl = in.indexOf(r, w, (byte) '\n');
                    int stop = nl < 0 ? w : nl;
                    int n = Math.min(stop - r, eventSize - len);
                    ensure(len + n);
                    in.getBytes(r, buf, len, n);
                    len += n;
                    r += n;
                    if (len == eventSize) {
                        state = State.START;
                        more = emit(sink, true);
                    } else if (r == nl) {
                        r++;
                        state = State.START;
                        more = emit(sink, false);
                    }
                }
            }
        }
        in.readerIndex(r);
    }

    /** True when bytes of an unfinished message are held. */
    boolean hasPartial() {
        return len > 0 || state == State.OCTETS;
    }

    /**
     * The sender closed its side: an unterminated last line is delivered as a whole message (it had
     * nothing more to send), an octet-counted message that ended early as a cut one.
     */
    void finish(FrameSink sink) {
        if (state == State.OCTETS) {
            state = State.START;
            emit(sink, true);
        } else if (len > 0) {
            state = State.START;
            emit(sink, false);
        }
    }

    /** Capacity of the buffer: what one connection's unfinished message holds. */
    int bufferCapacity() {
        return buf.length;
    }

    private boolean emit(FrameSink sink, boolean cut) {
        int n = len;
        len = 0;
        return sink.frame(buf, n, cut);
    }

    private void append(byte b) {
        ensure(len + 1);
        buf[len++] = b;
    }

    private void ensure(int needed) {
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(eventSize, Math.max(needed, buf.length * 2)));
        }
    }
}
