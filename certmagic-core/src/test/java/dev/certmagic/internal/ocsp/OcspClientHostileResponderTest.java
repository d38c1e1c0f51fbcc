package dev.certmagic.internal.ocsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.internal.ocsp.HostileOcspResponder.Behaviour;

/**
 * OCSP is plain HTTP, so anyone on the path can answer for the responder. Such an answer must cost at most the
 * response cap in memory and the client's deadline in time: the client stops reading at the cap and hangs up.
 */
class OcspClientHostileResponderTest {

    private static final Instant T0 = Instant.now();

    /**
     * What the client may have taken off the wire beyond the cap: the kernel's socket buffers on both sides of a
     * loopback connection (a few MiB with Linux's autotuning) and the HTTP client's own read buffers. A client that
     * buffers the whole reply takes all {@link HostileOcspResponder#SEND_AT_MOST} (64 MiB).
     */
    private static final long TAKEN_AT_MOST = 16L * 1024 * 1024;

    private final OcspTestPki ca = OcspTestPki.newCa("Hostile CA", T0);

    @Test
    void aHugeAnnouncedReplyIsRefusedWithoutReadingIt() throws Exception {
        try (HostileOcspResponder responder = HostileOcspResponder.start(Behaviour.HUGE_WITH_LENGTH)) {
            ManagedCertificate leaf = ca.leaf(T0, responder.url(), "huge.example.com");

            Throwable thrown = catchThrowable(() -> client(Duration.ofSeconds(10)).fetch(responder.url(),
                    leaf.leaf(), ca.certificate()));

            assertThat(responder.awaitFinished(Duration.ofSeconds(10))).as("client hung up").isTrue();
            assertThat(responder.bodyBytesWritten()).as("bytes the client took").isLessThan(TAKEN_AT_MOST);
            assertThat(thrown).isInstanceOf(OcspException.class)
                    .hasMessageContaining(responder.url().toString())
                    .hasMessageContaining("more than " + OcspClient.MAX_RESPONSE_BYTES + " bytes");
        }
    }

    @Test
    void anEndlessReplyWithoutLengthIsCutOffAtTheCap() throws Exception {
        try (HostileOcspResponder responder = HostileOcspResponder.start(Behaviour.ENDLESS_CHUNKED)) {
            ManagedCertificate leaf = ca.leaf(T0, responder.url(), "endless.example.com");

            Throwable thrown = catchThrowable(() -> client(Duration.ofSeconds(10)).fetch(responder.url(),
                    leaf.leaf(), ca.certificate()));

            assertThat(responder.awaitFinished(Duration.ofSeconds(10))).as("client hung up").isTrue();
            assertThat(responder.bodyBytesWritten()).as("bytes the client took").isLessThan(TAKEN_AT_MOST);
            assertThat(thrown).isInstanceOf(OcspException.class)
                    .hasMessageContaining("more than " + OcspClient.MAX_RESPONSE_BYTES + " bytes");
        }
    }

    @Test
    void aTricklingReplyEndsAtTheDeadlineAndTheConnectionIsDropped() throws Exception {
        Duration deadline = Duration.ofSeconds(1);
        try (HostileOcspResponder responder = HostileOcspResponder.start(Behaviour.TRICKLE)) {
            ManagedCertificate leaf = ca.leaf(T0, responder.url(), "slow.example.com");

            long started = System.nanoTime();
            assertThatThrownBy(() -> client(deadline).fetch(responder.url(), leaf.leaf(), ca.certificate()))
                    .isInstanceOf(OcspException.class).hasMessageContaining("did not answer within " + deadline);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // Generous bound: the point is "about the deadline", not "the whole 50 s trickle".
            assertThat(took).isLessThan(deadline.plusSeconds(4));
            // The connection is closed, not left to trickle on inside the HTTP client: the next write fails.
            assertThat(responder.awaitFinished(Duration.ofSeconds(10))).as("client hung up").isTrue();
            assertThat(responder.bodyBytesWritten()).isLessThan(1000);
        }
    }

    private static OcspClient client(Duration timeout) {
        return new OcspClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build(), timeout);
    }
}
