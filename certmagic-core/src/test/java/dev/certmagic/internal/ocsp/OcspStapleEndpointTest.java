package dev.certmagic.internal.ocsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.OcspResponderServer;

/**
 * The loopback endpoint JSSE fetches staples from: it answers each certificate's CertID with that certificate's
 * own validated staple, and nothing else.
 */
class OcspStapleEndpointTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private OcspTestPki ca;
    private OcspResponderServer responder;
    private OcspStapleEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        ca = OcspTestPki.newCa("Endpoint CA", T0);
        responder = OcspResponderServer.start(clock);
        responder.signWith(ca.keyPair().getPrivate(), ca.certificate(), ca.certificate());
        endpoint = OcspStapleEndpoint.start();
    }

    @AfterEach
    void stop() {
        endpoint.close();
        responder.close();
    }

    @Test
    void eachCertificateGetsItsOwnStapleAndUnknownOnesGetNone() throws Exception {
        ManagedCertificate one = stapled("one.example.com");
        ManagedCertificate two = stapled("two.example.com");
        ManagedCertificate unpublished = stapled("three.example.com");
        endpoint.update(one);
        endpoint.update(two);
        OcspClient client = OcspClient.withDefaults();

        assertThat(client.fetch(endpoint.url(), one.leaf(), ca.certificate())).isEqualTo(one.ocspStaple());
        assertThat(client.fetch(endpoint.url(), two.leaf(), ca.certificate())).isEqualTo(two.ocspStaple());
        assertThatThrownBy(() -> client.fetch(endpoint.url(), unpublished.leaf(), ca.certificate()))
                .isInstanceOf(OcspException.class).hasMessageContaining("HTTP 404");
        assertThat(endpoint.served()).isEqualTo(2);
    }

    @Test
    void aWithdrawnStapleIsNoLongerServed() throws Exception {
        ManagedCertificate one = stapled("gone.example.com");
        endpoint.update(one);
        endpoint.update(one.withOcspStaple(null));

        assertThatThrownBy(() -> OcspClient.withDefaults().fetch(endpoint.url(), one.leaf(), ca.certificate()))
                .isInstanceOf(OcspException.class).hasMessageContaining("HTTP 404");
    }

    @Test
    void aLocalPeerSendingHalfARequestDoesNotHoldUpAnotherStapleFetch() throws Exception {
        ManagedCertificate one = stapled("busy.example.com");
        endpoint.update(one);
        OcspClient client = OcspClient.withDefaults();

        try (Socket slow = HalfRequest.open(endpoint.url())) {
            CompletableFuture<byte[]> fetch = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.fetch(endpoint.url(), one.leaf(), ca.certificate());
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });

            assertThat(fetch.get(10, TimeUnit.SECONDS)).isEqualTo(one.ocspStaple());
        }
    }

    private ManagedCertificate stapled(String name) throws Exception {
        ManagedCertificate certificate = ca.leaf(T0, responder.url(), name);
        byte[] der = OcspClient.withDefaults().fetch(responder.url(), certificate.leaf(), ca.certificate());
        return certificate.withOcspStaple(der);
    }
}
