package dev.certmagic.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The bounded client against a real HTTP server on loopback: a gzip bomb fails at the cap after decompression
 * (acme4j would inflate it without limit), an honest gzip body arrives decompressed without its encoding header,
 * and a server that never sends its headers is cut off by the response timeout as well.
 */
class BoundedHttpClientTest {

    private static final long CAP = 64 * 1024;

    private HttpServer server;
    private ExecutorService executor;
    private final CountDownLatch release = new CountDownLatch(1);
    private BoundedHttpClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/bomb", exchange -> gzipped(exchange, new byte[64 * 1024 * 1024]));
        server.createContext("/honest", exchange -> gzipped(exchange,
                "{\"status\":\"valid\"}".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/silent", this::silent);
        server.start();
        client = new BoundedHttpClient(HttpClient.newHttpClient(), Duration.ofSeconds(2), CAP);
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    @Test
    void aGzipBombFailsAtTheCapCountedAfterDecompression() {
        assertThatThrownBy(() -> client.send(request("/bomb"), HttpResponse.BodyHandlers.ofInputStream()))
                .isInstanceOf(IOException.class).hasMessageContaining("larger than " + CAP + " bytes");
    }

    @Test
    void aGzipBodyArrivesDecompressedWithoutItsEncodingHeader() throws Exception {
        HttpResponse<InputStream> response = client.send(request("/honest"),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        try (InputStream body = response.body()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"valid\"}");
        }
    }

    @Test
    void aServerThatNeverAnswersIsCutOffByTheResponseTimeout() throws Exception {
        assertThatThrownBy(() -> client.send(request("/silent"), HttpResponse.BodyHandlers.ofInputStream()))
                .isInstanceOf(HttpTimeoutException.class).hasMessageContaining("within 2 s");
    }

    private HttpRequest request(String path) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        // No request timeout of its own: only the client's deadline can end a silent server's request.
        return HttpRequest.newBuilder(uri).header("Accept-Encoding", "gzip").GET().build();
    }

    private static void gzipped(HttpExchange exchange, byte[] plain) throws IOException {
        try (exchange) {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            try (OutputStream gzip = new GZIPOutputStream(compressed)) {
                gzip.write(plain);
            }
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, compressed.size());
            exchange.getResponseBody().write(compressed.toByteArray());
        }
    }

    private void silent(HttpExchange exchange) throws IOException {
        try (exchange) {
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
