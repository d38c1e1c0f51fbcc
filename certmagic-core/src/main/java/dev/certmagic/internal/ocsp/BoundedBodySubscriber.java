package dev.certmagic.internal.ocsp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Collects a response body of at most {@code limit} bytes. It asks the HTTP client for one buffer at a time and,
 * once the body passes the limit (or {@link #abort} is called, e.g. at a deadline), cancels its subscription: the
 * client then closes the connection instead of reading on, so a hostile peer costs at most the limit plus one
 * buffer in memory. The JDK's {@code ofByteArray()} would hold the whole body before anyone could look at its size.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    /** The body passed the limit; the message says which limit. */
    static final class TooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    private final int limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    // Only touched from onNext/onComplete, which the client calls one at a time (Reactive Streams rule 1.3).
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    BoundedBodySubscriber(int limit) {
        this.limit = limit;
    }

    /**
     * Returns a subscriber that takes nothing: it hangs up at once and yields an empty body. For answers whose
     * body nobody reads (an error status), so that those are not read to their end either.
     */
    static BoundedBodySubscriber discarding() {
        BoundedBodySubscriber subscriber = new BoundedBodySubscriber(0);
        subscriber.result.complete(new byte[0]);
        return subscriber;
    }

    /**
     * Returns a subscriber that refuses the body before reading any of it (a {@code Content-Length} above the
     * limit says enough).
     */
    static BoundedBodySubscriber refusing(String message) {
        BoundedBodySubscriber subscriber = new BoundedBodySubscriber(0);
        subscriber.result.completeExceptionally(new TooLargeException(message));
        return subscriber;
    }

    /**
     * Ends the exchange now: the body completes with {@code reason} (unless it completed already) and the
     * connection is closed. Safe from any thread, before or after the subscription started.
     */
    void abort(Throwable reason) {
        result.completeExceptionally(reason);
        Flow.Subscription current = subscription.get();
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!subscription.compareAndSet(null, s)) {
            s.cancel();
            return;
        }
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            int size = buffer.remaining();
            if (size > limit - body.size()) {
                abort(new TooLargeException("sent more than " + limit + " bytes"));
                return;
            }
            byte[] bytes = new byte[size];
            buffer.get(bytes);
            body.write(bytes, 0, size);
        }
        subscription.get().request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(body.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}
