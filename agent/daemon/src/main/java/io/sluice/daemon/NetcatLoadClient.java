package io.sluice.daemon;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;

/**
 * The benchmark's netcat client, run as its own JVM: sends {@code n} 100-byte lines over one
 * connection as fast as the socket takes them and, with acks on, reads and counts every
 * {@code OK} on a second thread. Exits non-zero if any reply is not OK.
 */
public final class NetcatLoadClient {
    static final int LINE_BYTES = 100;

    private NetcatLoadClient() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long n = Long.parseLong(args[2]);
        boolean ack = Boolean.parseBoolean(args[3]);
        byte[] line = new byte[LINE_BYTES];
        Arrays.fill(line, (byte) 'x');
        line[LINE_BYTES - 1] = '\n';
        int perChunk = 640;
        byte[] chunk = new byte[LINE_BYTES * perChunk];
        for (int i = 0; i < perChunk; i++) {
            System.arraycopy(line, 0, chunk, i * LINE_BYTES, LINE_BYTES);
        }
        try (Socket socket = new Socket(host, port)) {
            socket.setTcpNoDelay(true);
            Thread reader = null;
            long[] oks = new long[1];
            boolean[] bad = new boolean[1];
            if (ack) {
                InputStream in = socket.getInputStream();
                reader = new Thread(() -> {
                    byte[] buf = new byte[1 << 16];
                    long bytes = 0;
                    try {
                        while (bytes < n * 3) {
                            int r = in.read(buf);
                            if (r < 0) {
                                break;
                            }
                            for (int i = 0; i < r; i++) {
                                if (buf[i] == 'F') {
                                    bad[0] = true;
                                }
                            }
                            bytes += r;
                        }
                    } catch (Exception e) {
                        bad[0] = true;
                    }
                    oks[0] = bytes / 3;
                });
                reader.start();
            }
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
            if (reader != null) {
                reader.join();
                if (bad[0] || oks[0] != n) {
                    System.err.println("load client: expected " + n + " OK replies, got " + oks[0]
                            + (bad[0] ? " and a FAILED" : ""));
                    System.exit(1);
                }
            } else {
                socket.shutdownOutput();
                // Wait for the agent to close or the benchmark to end us.
                socket.getInputStream().read();
            }
        }
    }
}
