package dev.certmagic.autoconfigure.web.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;

/**
 * The selector's slow path when it cannot take more work: the handshake is refused through its future, never by
 * an exception thrown on the event loop that asked.
 */
class CertificateSelectorTest {

    @Test
    void aClosedSlowPathRefusesTheHandshakeThroughItsFuture() {
        CertificateSelector selector = new CertificateSelector(() -> {
            throw new AssertionError("a refused handshake must not reach the manager");
        }, SslProvider.JDK, false);
        selector.close();

        assertThat(selector.later(new ClientHello("shop.example.com", List.of("h2"))))
            .isCompletedExceptionally();
    }
}
