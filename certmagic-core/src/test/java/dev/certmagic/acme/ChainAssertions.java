package dev.certmagic.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Collectors;

import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.testsupport.Pebble;

/** Checks issued chains against Pebble's issuing root. */
final class ChainAssertions {

    private ChainAssertions() {
    }

    static void assertVerifiesAgainstPebble(StoredCertificate certificate, Pebble pebble, String... names)
            throws Exception {
        List<X509Certificate> chain = certificate.chain();
        PKIXParameters parameters = new PKIXParameters(pebble.issuingRoots().stream()
                .map(root -> new TrustAnchor(root, null)).collect(Collectors.toSet()));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
        assertThat(chain.get(0).getSubjectAlternativeNames().stream().map(entry -> (Object) entry.get(1)))
                .containsExactlyInAnyOrder((Object[]) names);
    }
}
