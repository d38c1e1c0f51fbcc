package dev.certmagic.acme;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import dev.certmagic.internal.http.BoundedBody;

/**
 * The HTTP client of an issuer's ACME sessions: the JDK's client, with an overall deadline and a size cap on every
 * request. acme4j asks for each body as an {@code InputStream} and reads it whole on the issuance thread; the
 * JDK bounds only the wait for the status and headers ({@code HttpRequest.timeout}), never the body. A CA that
 * sends its body a byte at a time, or without end, would hold that thread (and whatever it holds) for as long as
 * it likes, or fill the heap.
 *
 * <p>Here each answer is read in full by {@link BoundedBody} before acme4j sees it: the request fails with an
 * {@link HttpTimeoutException} when connecting, sending and reading status, headers and the whole body take longer
 * than the response timeout, and with an {@link IOException} as soon as the body passes the cap. Either way the
 * connection is dropped, not read on in the background. A gzip-encoded body is decompressed here, under the same
 * cap, and handed on without its {@code Content-Encoding}: acme4j would otherwise inflate it without limit. The
 * caller's body handler then gets the buffered bytes, so acme4j reads a complete, bounded body from memory.
 */
final class BoundedHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final Duration responseTimeout;
    private final long maxResponseSize;

    BoundedHttpClient(HttpClient delegate, Duration responseTimeout, long maxResponseSize) {
        this.delegate = delegate;
        this.responseTimeout = responseTimeout;
        this.maxResponseSize = maxResponseSize;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> answer = exchange(request);
        HttpResponse<byte[]> buffered;
        try {
            buffered = answer.get();
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(e.getCause(), request.uri());
        }
        return deliver(buffered, handler, request.uri());
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        return exchange(request).handle((buffered, failure) -> {
            try {
                if (failure != null) {
                    throw failure(failure, request.uri());
                }
                return deliver(buffered, handler, request.uri());
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Server push is refused: ACME has no use for it, and pushed bodies would escape the cap. */
    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler);
    }

    /**
     * Sends the request and reads the whole body, bounded; the future fails with a {@link TimeoutException} at
     * the deadline. Cancelling it, or the deadline, stops the exchange and the body.
     */
    private CompletableFuture<HttpResponse<byte[]>> exchange(HttpRequest request) {
        BoundedBody body = new BoundedBody(maxResponseSize, () -> tooLarge(maxResponseSize, request.uri()));
        CompletableFuture<HttpResponse<byte[]>> sent = delegate.sendAsync(request, info -> body);
        CompletableFuture<HttpResponse<byte[]>> bounded = new CompletableFuture<>();
        sent.whenComplete((response, failure) -> {
            if (failure != null) {
                bounded.completeExceptionally(failure);
            } else {
                bounded.complete(response);
            }
        });
        bounded.orTimeout(responseTimeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((response, failure) -> {
            if (failure != null) {
                // The deadline passed or the caller gave up: drop the connection rather than read on.
                body.abort(new IOException("The request to " + request.uri() + " was abandoned"));
                sent.cancel(true);
            }
        });
        return bounded;
    }

    private IOException failure(Throwable failure, URI uri) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return new HttpTimeoutException("No complete answer from " + uri + " within " + human(responseTimeout)
                    + ", the limit set by responseTimeout(...)");
        }
        if (cause instanceof CancellationException) {
            return new IOException("The request to " + uri + " was cancelled", cause);
        }
        if (cause instanceof IOException io) {
            return io;
        }
        return new IOException("The request to " + uri + " failed: " + cause, cause);
    }

    private <T> HttpResponse<T> deliver(HttpResponse<byte[]> buffered, HttpResponse.BodyHandler<T> handler, URI uri)
            throws IOException {
        byte[] bytes = buffered.body();
        HttpHeaders headers = buffered.headers();
        boolean gzip = headers.firstValue("Content-Encoding").map(v -> v.trim().equalsIgnoreCase("gzip"))
                .orElse(false);
        if (gzip) {
            bytes = gunzip(bytes, uri);
            headers = HttpHeaders.of(headers.map(), (name, value) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                return !lower.equals("content-encoding") && !lower.equals("content-length");
            });
        }
        HttpHeaders delivered = headers;
        HttpResponse.ResponseInfo info = new Info(buffered.statusCode(), delivered, buffered.version());
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
        subscriber.onSubscribe(new WholeBody(subscriber, bytes));
        // Every byte was handed over synchronously above, so the body is ready (acme4j's InputStream at once).
        T body = subscriber.getBody().toCompletableFuture().join();
        return new BufferedResponse<>(buffered.statusCode(), buffered.request(), delivered, body,
                buffered.sslSession(), buffered.uri(), buffered.version());
    }

    private byte[] gunzip(byte[] compressed, URI uri) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                if (out.size() + (long) n > maxResponseSize) {
                    throw tooLarge(maxResponseSize, uri);
                }
                out.write(chunk, 0, n);
            }
        }
        return out.toByteArray();
    }

    /** The failure of a body past its cap; also used for a decompressed body. */
    private static IOException tooLarge(long maxBytes, URI uri) {
        return new IOException("The answer from " + uri + " is larger than " + maxBytes + " bytes, the limit set by "
                + "maxResponseSize(...); it was not read further");
    }

    static String human(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    private record Info(int statusCode, HttpHeaders headers, Version version) implements HttpResponse.ResponseInfo {
    }

    /** A response whose body was read in full; redirects it followed are not kept. */
    private record BufferedResponse<T>(int statusCode, HttpRequest request, HttpHeaders headers, T body,
            Optional<SSLSession> sslSession, URI uri, Version version) implements HttpResponse<T> {

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }
    }

    /** Hands a buffered body to a subscriber: all of it on the first request, then completion. */
    private static final class WholeBody implements Flow.Subscription {

        private final Flow.Subscriber<List<ByteBuffer>> subscriber;
        private final byte[] bytes;
        private boolean done;

        WholeBody(Flow.Subscriber<List<ByteBuffer>> subscriber, byte[] bytes) {
            this.subscriber = subscriber;
            this.bytes = bytes;
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
            }
            if (n <= 0) {
                subscriber.onError(new IllegalArgumentException("request(" + n + ")"));
                return;
            }
            if (bytes.length > 0) {
                subscriber.onNext(List.of(ByteBuffer.wrap(bytes).asReadOnlyBuffer()));
            }
            subscriber.onComplete();
        }

        @Override
        public synchronized void cancel() {
            done = true;
        }
    }
}
