package dev.certmagic.certificate;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import dev.certmagic.testsupport.TestCertificates;

/**
 * Leaves issued by a test CA from {@link TestCertificates} for a key the test chose, as the chain or already
 * wrapped in a {@link ManagedCertificate}. It lives in the core's tests because test-support cannot see
 * {@code ManagedCertificate}.
 */
public final class TestManagedCertificates {

    private TestManagedCertificates() {
    }

    /**
     * Issues a leaf with exact validity, for tests whose decisions depend on it.
     *
     * @param ca the issuing CA
     * @param leafKey the leaf's keys
     * @param notBefore start of validity
     * @param notAfter end of validity
     * @param names DNS names or IP addresses, the first also as common name
     * @return the chain: leaf, then the CA
     */
    public static List<X509Certificate> chain(TestCertificates.Held ca, KeyPair leafKey, Instant notBefore,
            Instant notAfter, String... names) {
        return TestCertificates.leaf(names).keyPair(leafKey).notBefore(notBefore).notAfter(notAfter).signedBy(ca)
                .build().chain();
    }

    /**
     * Issues a leaf valid from an hour ago for 90 days and wraps it, as a freshly obtained (or loaded)
     * certificate.
     *
     * @param ca the issuing CA
     * @param leafKey the leaf's keys
     * @param managed whether the result is managed (then with issuer key {@code test-ca})
     * @param names DNS names or IP addresses, the first also as common name
     * @return the certificate
     */
    public static ManagedCertificate issue(TestCertificates.Held ca, KeyPair leafKey, boolean managed,
            String... names) {
        Instant now = Instant.now();
        return ManagedCertificate.of(chain(ca, leafKey, now.minusSeconds(3600), now.plusSeconds(90L * 86400), names),
                leafKey.getPrivate(), managed, managed ? "test-ca" : null);
    }
}
