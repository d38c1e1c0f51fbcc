package dev.certmagic.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Reads one response body into memory, up to a cap. It asks the HTTP client for one buffer at a time; past the cap
 * it stops reading (cancels the subscription, which makes the JDK client close the connection instead of reading
 * on) and fails with the caller's exception, so an endless or huge body costs at most the cap plus one buffer in
 * memory. The JDK's {@code ofByteArray()} would hold the whole body before anyone could look at its size.
 * {@link #abort} ends it from outside, e.g. when the request's deadline passes.
 *
 * <p>Thread-safe: {@link #abort} may run on any thread, before or after the subscription started.
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** A body that passed its cap, or announced that it would; the message says which cap. */
    public static final class TooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what was too large and the cap it passed
         */
        public TooLargeException(String message) {
            super(message);
        }
    }

    private final long maxBytes;
    private final Supplier<? extends IOException> tooLarge;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.@Nullable Subscription subscription;
    private boolean ended;

    /**
     * Creates a body reader.
     *
     * @param maxBytes the cap
     * @param tooLarge the failure of a body past the cap
     */
    public BoundedBody(long maxBytes, Supplier<? extends IOException> tooLarge) {
        this.maxBytes = maxBytes;
        this.tooLarge = tooLarge;
    }

    /**
     * Returns a body that takes nothing: it hangs up at once and yields an empty body. For answers whose body nobody
     * reads (an error status), so that those are not read to their end either.
     *
     * @return the body
     */
    public static BoundedBody discarding() {
        BoundedBody body = new BoundedBody(0, () -> new TooLargeException("a discarded body"));
        body.end();
        body.result.complete(new byte[0]);
        return body;
    }

    /**
     * Returns a body that is refused before any of it is read (a {@code Content-Length} above the cap says enough).
     *
     * @param reason the failure of the body
     * @return the body
     */
    public static BoundedBody refusing(IOException reason) {
        BoundedBody body = new BoundedBody(0, () -> reason);
        body.end();
        body.result.completeExceptionally(reason);
        return body;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        boolean cancel;
        synchronized (this) {
            cancel = ended || this.subscription != null;
            if (!cancel) {
                this.subscription = subscription;
            }
        }
        if (cancel) {
            subscription.cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        Flow.Subscription next;
        boolean overCap = false;
        synchronized (this) {
            if (ended) {
                return;
            }
            for (ByteBuffer part : buffers) {
                if (buffer.size() + (long) part.remaining() > maxBytes) {
                    overCap = true;
                    break;
                }
                byte[] bytes = new byte[part.remaining()];
                part.get(bytes);
                buffer.writeBytes(bytes);
            }
            next = subscription;
        }
        if (overCap) {
            abort(tooLarge.get());
        } else if (next != null) {
            next.request(1);
        }
    }

    @Override
    public void onError(Throwable failure) {
        end();
        result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        byte[] body;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            body = buffer.toByteArray();
        }
        result.complete(body);
    }

    /**
     * Stops reading: cancels the subscription (now, or as soon as there is one) and fails the body with
     * {@code reason}. Does nothing once the body is complete.
     *
     * @param reason why the exchange ends
     */
    public void abort(Throwable reason) {
        Flow.Subscription current;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            current = subscription;
        }
        if (current != null) {
            current.cancel();
        }
        result.completeExceptionally(reason);
    }

    private synchronized void end() {
        ended = true;
    }
}
