package dev.certmagic.ondemand;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP ask endpoint on loopback: {@code /allow} answers 200, {@code /deny} 403, {@code /hang} never answers
 * until closed, {@code /redirect} answers 302 to {@code /allow}. It counts the {@code domain} values it was asked.
 */
final class AskServer implements AutoCloseable {

    private final HttpServer server;

    private final ExecutorService handlers;

    private final CountDownLatch release = new CountDownLatch(1);

    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    private final AtomicInteger total = new AtomicInteger();

    private AskServer(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    static AskServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService handlers = Executors.newFixedThreadPool(4);
        AskServer ask = new AskServer(server, handlers);
        server.createContext("/allow", exchange -> ask.answer(exchange, 200, null));
        server.createContext("/deny", exchange -> ask.answer(exchange, 403, null));
        server.createContext("/redirect", exchange -> ask.answer(exchange, 302, ask.uri("/allow").toString()));
        server.createContext("/hang", ask::hang);
        server.setExecutor(handlers);
        server.start();
        return ask;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    int hits(String domain) {
        AtomicInteger count = hits.get(domain);
        return count == null ? 0 : count.get();
    }

    int totalHits() {
        return total.get();
    }

    int distinctDomains() {
        return hits.size();
    }

    private void answer(HttpExchange exchange, int status, String location) throws IOException {
        record(exchange);
        if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private void hang(HttpExchange exchange) throws IOException {
        record(exchange);
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private void record(HttpExchange exchange) {
        total.incrementAndGet();
        String query = exchange.getRequestURI().getRawQuery();
        String domain = "";
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("domain=")) {
                    domain = URLDecoder.decode(pair.substring("domain=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        hits.computeIfAbsent(domain, d -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
