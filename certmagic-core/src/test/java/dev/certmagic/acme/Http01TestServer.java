package dev.certmagic.acme;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.certmagic.acme.challenge.Http01Responder;

/**
 * A tiny real HTTP server on the port where Pebble validates HTTP-01, answering through an {@link Http01Responder}
 * exactly as the application's HTTP connector would.
 */
public final class Http01TestServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger answered = new AtomicInteger();

    /**
     * Starts the server.
     *
     * @param port the port, 0 for any
     * @param responder what answers
     * @throws IOException if the port is taken
     */
    public Http01TestServer(int port, Http01Responder responder) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", exchange -> {
            Optional<String> answer = responder.respond(exchange.getRequestMethod(),
                    exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestURI().getPath());
            if (answer.isPresent()) {
                answered.incrementAndGet();
                byte[] body = answer.get().getBytes(StandardCharsets.US_ASCII);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();
    }

    /**
     * Counts the validation requests answered.
     *
     * @return how many
     */
    public int answered() {
        return answered.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
