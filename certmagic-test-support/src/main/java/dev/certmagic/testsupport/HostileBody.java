package dev.certmagic.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import com.sun.net.httpserver.HttpExchange;

/**
 * How a hostile CA sends the body of a real answer, for {@link AcmeFaultProxy#hostileBodies}: one byte at a time
 * with a pause between bytes ({@link #trickle}), or followed by padding without end ({@link #endless}). Headers
 * and status are the CA's own, the body is sent chunked, so a client cannot tell from the headers how long it is.
 *
 * <p>It counts what it sent and how many answers the client stopped reading (closed the connection before the
 * end), so a test can prove that a client gave up and how much it was sent before it did.
 */
public final class HostileBody {

    /** Block of padding written at once by {@link #endless}: spaces, trailing whitespace to JSON and PEM alike. */
    private static final byte[] PADDING = padding();

    private final @Nullable Duration pause;
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();

    private HostileBody(@Nullable Duration pause) {
        this.pause = pause;
    }

    /**
     * Sends the real body one byte at a time, flushed, with {@code pause} after each byte: a CA (or a path to it)
     * that answers, but too slowly to ever finish.
     *
     * @param pause the pause after each byte
     * @return the body
     */
    public static HostileBody trickle(Duration pause) {
        return new HostileBody(Objects.requireNonNull(pause, "pause"));
    }

    /**
     * Sends the real body, then spaces without end, as fast as the client reads: a body larger than any memory.
     *
     * @return the body
     */
    public static HostileBody endless() {
        return new HostileBody(null);
    }

    /**
     * Counts the body bytes written to clients so far (including those still in socket buffers).
     *
     * @return the count
     */
    public long bytesSent() {
        return bytesSent.get();
    }

    /**
     * Counts the answers that started with this body.
     *
     * @return the count
     */
    public int answersStarted() {
        return started.get();
    }

    /**
     * Counts the answers whose client closed the connection before the body ended.
     *
     * @return the count
     */
    public int answersAbandoned() {
        return abandoned.get();
    }

    /** Sends status and headers (already set on the exchange), then the body the hostile way. */
    void send(HttpExchange exchange, int status, byte[] realBody) throws IOException {
        started.incrementAndGet();
        exchange.sendResponseHeaders(status, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            if (pause != null) {
                trickle(out, realBody, pause);
            } else {
                pad(out, realBody);
            }
        } catch (IOException clientGone) {
            abandoned.incrementAndGet();
        } catch (InterruptedException proxyClosed) {
            Thread.currentThread().interrupt();
        }
    }

    private void trickle(OutputStream out, byte[] body, Duration pause) throws IOException, InterruptedException {
        for (byte b : body) {
            out.write(b);
            out.flush();
            bytesSent.incrementAndGet();
            Thread.sleep(pause.toMillis());
        }
        out.close();
    }

    private void pad(OutputStream out, byte[] body) throws IOException, InterruptedException {
        out.write(body);
        bytesSent.addAndGet(body.length);
        while (!Thread.currentThread().isInterrupted()) {
            out.write(PADDING);
            out.flush();
            bytesSent.addAndGet(PADDING.length);
        }
        throw new InterruptedException("The proxy was closed");
    }

    private static byte[] padding() {
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) ' ');
        return block;
    }
}
