package io.sluice.runtime.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Flume's HTTP metrics reporter ({@code -Dflume.monitoring.type=http}, spec §11.1): GET /metrics
 * answers the JSON of every component, / links to it, TRACE and OPTIONS get 403, anything else 404.
 * Built on the JDK's own HTTP server: one small endpoint does not need a web stack.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds all interfaces on {@code port} (0 picks a free one) and starts serving. */
    public static MetricsServer start(int port, MetricsRegistry registry) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, registry));
        server.start();
        return new MetricsServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, MetricsRegistry registry) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            if (method.equals("TRACE") || method.equals("OPTIONS")) {
                send(exchange, 403, "text/plain;charset=utf-8", "Forbidden\n");
            } else if (path.equalsIgnoreCase("/metrics")) {
                send(exchange, 200, "application/json;charset=utf-8", MetricsJson.render(registry.snapshot()));
            } else if (path.equals("/")) {
                send(exchange, 200, "text/html;charset=utf-8", "<html><body><a href=\"./metrics\">metrics</a></body></html>\n");
            } else {
                send(exchange, 404, "text/plain;charset=utf-8", "Not Found\n");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
