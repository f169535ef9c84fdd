package io.sluice.daemon;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's HTTP client, run as its own JVM: {@code connections} keep-alive connections, each
 * posting JSON requests of {@link #EVENTS_PER_REQUEST} events with {@link #BODY_BYTES}-byte bodies
 * one after another and reading each reply, until {@code n} events are sent. Exits non-zero if any
 * reply is not 200.
 */
public final class HttpLoadClient {
    static final int EVENTS_PER_REQUEST = 100;
    static final int BODY_BYTES = 100;

    private HttpLoadClient() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long n = Long.parseLong(args[2]);
        int connections = Integer.parseInt(args[3]);
        byte[] request = request(host);
        long requests = (n + EVENTS_PER_REQUEST - 1) / EVENTS_PER_REQUEST;
        AtomicLong next = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                try (Socket socket = new Socket(host, port)) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = socket.getInputStream();
                    byte[] buf = new byte[4096];
                    while (next.getAndIncrement() < requests) {
                        out.write(request);
                        out.flush();
                        if (!readReplyIsOk(in, buf)) {
                            failures.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    System.err.println("http load client: " + e);
                    failures.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failures.get() > 0) {
            System.err.println("http load client: " + failures.get() + " requests failed");
            System.exit(1);
        }
    }

    static byte[] request(String host) {
        byte[] body = new byte[BODY_BYTES];
        Arrays.fill(body, (byte) 'x');
        String event = "{\"body\":\"" + new String(body, StandardCharsets.US_ASCII) + "\"}";
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
            json.append(i == 0 ? "" : ",").append(event);
        }
        byte[] payload = json.append(']').toString().getBytes(StandardCharsets.US_ASCII);
        String head = "POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: "
                + payload.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(headBytes, headBytes.length + payload.length);
        System.arraycopy(payload, 0, out, headBytes.length, payload.length);
        return out;
    }

    /**
     * Reads one reply with an empty body (a 200 from Sluice, with Content-Length 0, or from Flume's
     * Jetty, chunked with only the last chunk); true when its status is 200.
     */
    private static boolean readReplyIsOk(InputStream in, byte[] buf) throws Exception {
        int len = 0;
        int headerEnd = -1;
        while (true) {
            int r = in.read(buf, len, buf.length - len);
            if (r < 0) {
                throw new IllegalStateException("connection closed");
            }
            len += r;
            if (headerEnd < 0) {
                for (int i = 3; i < len; i++) {
                    if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                        headerEnd = i + 1;
                        break;
                    }
                }
            }
            if (headerEnd >= 0) {
                String head = new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                int bodyBytes = head.contains("transfer-encoding: chunked") ? 5 : 0; // "0\r\n\r\n"
                if (len >= headerEnd + bodyBytes) {
                    return buf[9] == '2' && buf[10] == '0' && buf[11] == '0';
                }
            }
            if (len == buf.length) {
                throw new IllegalStateException("reply too long");
            }
        }
    }
}
