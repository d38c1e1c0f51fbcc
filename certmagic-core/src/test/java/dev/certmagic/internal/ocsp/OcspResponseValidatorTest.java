package dev.certmagic.internal.ocsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.OcspResponderServer;

/**
 * RFC 6960 checks on responses fetched from a real responder: who may sign, which CertID, which times.
 */
class OcspResponseValidatorTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final MutableClock responderClock = new MutableClock(T0);
    private final OcspResponseValidator validator = new OcspResponseValidator(Duration.ofMinutes(5));
    private OcspTestPki ca;
    private OcspResponderServer responder;
    private ManagedCertificate certificate;

    @BeforeEach
    void start() {
        ca = OcspTestPki.newCa("Validator CA", T0);
        responder = OcspResponderServer.start(responderClock);
        responder.signWith(ca.keyPair().getPrivate(), ca.certificate(), ca.certificate());
        certificate = ca.leaf(T0, responder.url(), "validate.example.com");
    }

    @AfterEach
    void stop() {
        responder.close();
    }

    @Test
    void aResponseSignedByTheIssuerIsAccepted() throws Exception {
        OcspStatus status = validator.validate(fetch(), certificate.leaf(), ca.certificate(), T0);

        assertThat(status.status()).isEqualTo(OcspStatus.Status.GOOD);
        assertThat(status.thisUpdate()).isEqualTo(T0);
        assertThat(status.refreshAt()).isEqualTo(T0.plus(Duration.ofDays(2)));
    }

    @Test
    void aResponseSignedByAnAuthorizedResponderIsAccepted() throws Exception {
        OcspTestPki.Responder delegate = ca.responder(T0, true);
        responder.signWith(delegate.keyPair().getPrivate(), delegate.certificate(), ca.certificate());

        assertThat(validator.validate(fetch(), certificate.leaf(), ca.certificate(), T0).status())
                .isEqualTo(OcspStatus.Status.GOOD);
    }

    @Test
    void aResponderCertificateWithoutTheOcspSigningUsageIsRefused() throws Exception {
        OcspTestPki.Responder delegate = ca.responder(T0, false);
        responder.signWith(delegate.keyPair().getPrivate(), delegate.certificate(), ca.certificate());

        assertRejected(fetch(), T0, "not signed by the issuer");
    }

    @Test
    void aResponseSignedByAnotherCaIsRefused() throws Exception {
        OcspTestPki stranger = OcspTestPki.newCa("Validator CA", T0);
        responder.signWith(stranger.keyPair().getPrivate(), stranger.certificate(), ca.certificate());

        assertRejected(fetch(), T0, "not signed by the issuer");
    }

    @Test
    void anOcspSigningCertificateFromAnotherCaIsRefused() throws Exception {
        OcspTestPki.Responder foreign = OcspTestPki.newCa("Other CA", T0).responder(T0, true);
        responder.signWith(foreign.keyPair().getPrivate(), foreign.certificate(), ca.certificate());

        assertRejected(fetch(), T0, "not signed by the issuer");
    }

    @Test
    void aResponseForAnotherCertIdIsRefused() throws Exception {
        responder.answerForOtherSerial();

        assertRejected(fetch(), T0, "holds no status for serial");
    }

    @Test
    void aResponseWhoseNextUpdateOutlivesTheCertificateIsRefused() throws Exception {
        responder.nextUpdateAt(certificate.notAfter().plusSeconds(1));

        assertRejected(fetch(), T0, "after the certificate's expiry");
    }

    @Test
    void anExpiredResponseIsRefused() throws Exception {
        byte[] response = fetch();

        assertRejected(response, T0.plus(Duration.ofDays(4)), "expired");
    }

    @Test
    void aResponseFromTheFutureIsRefusedBeyondTheAllowedSkew() throws Exception {
        responderClock.advance(Duration.ofMinutes(10));
        byte[] response = fetch();

        assertRejected(response, T0, "lies in the future");
        assertThat(validator.validate(response, certificate.leaf(), ca.certificate(), T0.plusSeconds(300)).status())
                .isEqualTo(OcspStatus.Status.GOOD);
    }

    @Test
    void garbageIsRefusedAsMalformed() {
        assertRejected(new byte[] {1, 2, 3}, T0, "malformed");
    }

    @Test
    void aResponseWithoutNextUpdateIsRefused() throws Exception {
        responder.omitNextUpdate();

        assertRejected(fetch(), T0, "no nextUpdate");
    }

    @Test
    void aHangingResponderIsGivenUpOnAfterTheTimeout() {
        responder.hang();
        OcspClient client = new OcspClient(java.net.http.HttpClient.newHttpClient(), Duration.ofMillis(300));
        long start = System.nanoTime();

        assertThatThrownBy(() -> client.fetch(responder.url(), certificate.leaf(), ca.certificate()))
                .isInstanceOf(OcspException.class).hasMessageContaining("did not answer within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    private byte[] fetch() throws Exception {
        return OcspClient.withDefaults().fetch(responder.url(), certificate.leaf(), ca.certificate());
    }

    private void assertRejected(byte[] response, Instant now, String why) {
        assertThatThrownBy(() -> validator.validate(response, certificate.leaf(), ca.certificate(), now))
                .isInstanceOf(OcspException.class).hasMessageContaining(why);
    }
}
