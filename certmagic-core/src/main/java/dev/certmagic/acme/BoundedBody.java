package dev.certmagic.acme;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads one answer's body into memory, up to a cap: the one body handler of {@link BoundedHttpClient}. Past the
 * cap it stops reading (cancels the subscription, which makes the JDK client close the connection) and fails
 * with an {@link IOException} that names the cap, so an endless or huge body costs at most the cap in memory.
 * {@link #abort} ends it from outside, when the request's deadline passes.
 */
final class BoundedBody implements HttpResponse.BodyHandler<byte[]>, HttpResponse.BodySubscriber<byte[]> {

    private final long maxBytes;
    private final URI uri;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private boolean ended;

    BoundedBody(long maxBytes, URI uri) {
        this.maxBytes = maxBytes;
        this.uri = uri;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo responseInfo) {
        return this;
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
        IOException tooLarge = null;
        synchronized (this) {
            if (ended) {
                return;
            }
            for (ByteBuffer part : buffers) {
                if (buffer.size() + (long) part.remaining() > maxBytes) {
                    tooLarge = tooLarge(maxBytes, uri);
                    break;
                }
                byte[] bytes = new byte[part.remaining()];
                part.get(bytes);
                buffer.writeBytes(bytes);
            }
            next = subscription;
        }
        if (tooLarge != null) {
            abort(tooLarge);
        } else {
            next.request(1);
        }
    }

    @Override
    public void onError(Throwable failure) {
        synchronized (this) {
            ended = true;
        }
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
     */
    void abort(IOException reason) {
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

    /** The failure of a body past its cap; also used for a decompressed body. */
    static IOException tooLarge(long maxBytes, URI uri) {
        return new IOException("The answer from " + uri + " is larger than " + maxBytes + " bytes, the limit set by "
                + "maxResponseSize(...); it was not read further");
    }
}
