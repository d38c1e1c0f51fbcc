package dev.certmagic.ondemand;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP "ask" check (Caddy's {@code on_demand_tls ask}): {@code GET <url>?domain=<name>}, a 2xx status allows.
 * Redirects are never followed (a 3xx denies, so a compromised endpoint cannot bounce the check elsewhere) and
 * anything that goes wrong denies.
 */
final class AskEndpoint {

    private static final int CLIENT_THREADS = 2;

    private final URI uri;

    private final Duration timeout;

    private final HttpClient client;

    AskEndpoint(URI uri, Duration timeout, HttpClient client) {
        this.uri = uri;
        this.timeout = timeout;
        this.client = client;
    }

    /**
     * The JDK client's default executor is an unbounded cached pool; this one is two daemon threads that time out
     * when idle, so a flood of ask requests cannot grow threads and an idle policy holds none. The callers block in
     * {@code send} on the gate's executor, never on these threads, so they cannot starve the client.
     */
    static HttpClient defaultClient(Duration timeout) {
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(CLIENT_THREADS, CLIENT_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "certmagic-ondemand-ask-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .executor(executor)
                .build();
    }

    URI uri() {
        return uri;
    }

    OnDemandVerdict ask(String name) {
        try {
            HttpRequest request = HttpRequest.newBuilder(requestUri(name))
                    .timeout(timeout)
                    .GET()
                    .build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300 ? OnDemandVerdict.ALLOWED : OnDemandVerdict.DENIED_BY_ASK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OnDemandVerdict.ASK_FAILED;
        } catch (IOException | RuntimeException e) {
            return OnDemandVerdict.ASK_FAILED;
        }
    }

    URI requestUri(String name) {
        String base = uri.toString();
        String separator = uri.getRawQuery() == null ? "?" : "&";
        int fragment = base.indexOf('#');
        if (fragment >= 0) {
            base = base.substring(0, fragment);
        }
        return URI.create(base + separator + "domain=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    }

    static URI requireHttpUri(URI uri) {
        Objects.requireNonNull(uri, "ask");
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("ask(...) must be an absolute http(s) URL, got "
                    + uri);
        }
        return uri;
    }
}
