package io.sluice.daemon;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The benchmark's syslog client, run as its own JVM: sends {@code n} newline-terminated RFC 5424
 * messages of {@link #LINE_BYTES} bytes over one TCP connection as fast as the socket takes them.
 */
public final class SyslogLoadClient {
    static final int LINE_BYTES = 100;
    static final String PREFIX = "<13>1 2024-06-15T12:00:00.000Z web1 app 42 - - ";

    private SyslogLoadClient() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long n = Long.parseLong(args[2]);
        byte[] line = new byte[LINE_BYTES];
        Arrays.fill(line, (byte) 'x');
        byte[] prefix = PREFIX.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        line[LINE_BYTES - 1] = '\n';
        int perChunk = 640;
        byte[] chunk = new byte[LINE_BYTES * perChunk];
        for (int i = 0; i < perChunk; i++) {
            System.arraycopy(line, 0, chunk, i * LINE_BYTES, LINE_BYTES);
        }
        try (Socket socket = new Socket(host, port)) {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            long sent = 0;
            while (sent + perChunk <= n) {
                out.write(chunk);
                sent += perChunk;
            }
            for (; sent < n; sent++) {
                out.write(line);
            }
            out.flush();
            socket.shutdownOutput();
            socket.getInputStream().read();
        }
    }
}
