package dev.certmagic.autoconfigure.web.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;

/**
 * The ClientHello deadline: before a TLS engine exists nothing else would disconnect a client that never finishes
 * its ClientHello (a slow-loris holding connections open).
 */
class CertMagicClientHelloHandlerTest {

    @Test
    void aConnectionThatSendsNoClientHelloIsClosedAfterTheTimeoutWithoutAskingForACertificate() {
        try (CertificateSelector selector = new CertificateSelector(() -> {
            throw new AssertionError("no ClientHello: the manager must never be asked");
        }, SslProvider.JDK, false)) {
            EmbeddedChannel channel = new EmbeddedChannel(new CertMagicClientHelloHandler(selector, "tls",
                    (handler) -> { }, Duration.ofMillis(200)));
            channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {22, 3, 1}));
            channel.runPendingTasks();
            assertThat(channel.isOpen()).as("still within the timeout").isTrue();

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
                channel.runPendingTasks();
                return !channel.isOpen();
            });
        }
    }
}
