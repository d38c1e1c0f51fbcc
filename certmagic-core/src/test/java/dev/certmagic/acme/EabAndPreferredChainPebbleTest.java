package dev.certmagic.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.certmagic.acme.challenge.Http01Responder;
import dev.certmagic.acme.challenge.Http01Solver;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.ObtainFlow;
import dev.certmagic.internal.issuance.RetrySchedule;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.issuance.MemoryStorage;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/** A CA that requires External Account Binding and offers an alternate chain. */
@WithPebble(eabKeys = EabAndPreferredChainPebbleTest.EAB_KEY_ID + ":" + EabAndPreferredChainPebbleTest.EAB_HMAC,
        alternateRoots = 1, authzReuse = 0)
class EabAndPreferredChainPebbleTest {

    static final String EAB_KEY_ID = "kid-1";
    static final String EAB_HMAC = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";

    static Pebble pebble;

    private static final MemoryStorage STORAGE = new MemoryStorage();
    private static final ChallengeStore CHALLENGES = new ChallengeStore(STORAGE, "test-ca");
    private static Http01TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new Http01TestServer(pebble.httpPort(), new Http01Responder(CHALLENGES));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void withoutExternalAccountBindingRegistrationStopsAtOnce() {
        AcmeIssuerBuilder builder = builder().email("no-eab@example.com");

        assertThatThrownBy(() -> flow(builder).obtain(List.of("no-eab.example.com")))
                .isInstanceOfSatisfying(IssuanceException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("externalAccountRequired");
    }

    @Test
    void withExternalAccountBindingTheDefaultChainLeadsToTheDefaultRoot() throws Exception {
        StoredCertificate issued = flow(builder().email("eab@example.com")
                .externalAccountBinding(EAB_KEY_ID, EAB_HMAC)).obtain(List.of("eab.example.com"));

        assertVerifies(issued.chain(), pebble.issuingRoots(0));
        assertThatThrownBy(() -> assertVerifies(issued.chain(), pebble.issuingRoots(1)))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void aPreferredChainNamedByItsRootIsChosenWhenOffered() throws Exception {
        String alternateRoot = commonName(pebble.issuingRoots(1).get(0).getSubjectX500Principal());

        StoredCertificate issued = flow(builder().email("eab@example.com")
                .externalAccountBinding(EAB_KEY_ID, EAB_HMAC).preferredChain(alternateRoot))
                .obtain(List.of("preferred.example.com"));

        assertVerifies(issued.chain(), pebble.issuingRoots(1));
        assertThatThrownBy(() -> assertVerifies(issued.chain(), pebble.issuingRoots(0)))
                .isInstanceOf(CertPathValidatorException.class);
    }

    private static AcmeIssuerBuilder builder() {
        return AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                .agreed(true).solver(new Http01Solver(CHALLENGES));
    }

    private static ObtainFlow flow(AcmeIssuerBuilder builder) {
        return new ObtainFlow(STORAGE, builder.build(STORAGE, Clock.systemUTC()), IssuancePolicy.DEFAULT,
                new RetrySchedule(STORAGE, Clock.systemUTC()), new CertificateEventDispatcher(), Clock.systemUTC());
    }

    private static void assertVerifies(List<X509Certificate> chain, List<X509Certificate> roots) throws Exception {
        PKIXParameters parameters = new PKIXParameters(roots.stream().map(root -> new TrustAnchor(root, null))
                .collect(Collectors.toSet()));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
    }

    private static String commonName(X500Principal principal) {
        return IETFUtils.valueToString(new X500Name(principal.getName()).getRDNs(BCStyle.CN)[0].getFirst()
                .getValue());
    }
}
