package dev.certmagic.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.TestManagedCertificates;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;
import dev.certmagic.tls.ApplicationProtocols;
import dev.certmagic.tls.ChallengeCertificate;
import dev.certmagic.tls.ChallengeCertificates;

/**
 * The selection rules of the key manager, without a network.
 */
class SniKeyManagerTest {

    private static final TestCertificates.Held CA = TestCertificates.root("Selection Root").build();
    private static final KeyPair EC = TestKeys.ec();

    private final CertificateCache cache = new CertificateCache(Clock.systemUTC());
    private final Map<String, ChallengeCertificate> challenges = new ConcurrentHashMap<>();
    private final SniKeyManager keyManager = new SniKeyManager(cache, challenges::get, null);

    @Test
    void keyTypesThatAreNeverServedGetNoAliasSoJsseTriesTheNextOne() {
        cache.add(TestManagedCertificates.issue(CA, EC, true, "types.test"));
        cache.setDefaultServerName("types.test");

        assertThat(keyManager.selectAlias("EC", "types.test", null)).isNotNull();
        assertThat(keyManager.selectAlias("RSA", "types.test", null)).isNull();
        assertThat(keyManager.selectAlias("EdDSA", "types.test", null)).isNull();
        assertThat(keyManager.selectAlias("RSASSA-PSS", "types.test", null)).isNull();
        assertThat(keyManager.selectAlias("DSA", "types.test", null)).isNull();
        assertThat(keyManager.selectAlias(null, "types.test", null)).isNull();
    }

    @Test
    void chainAndKeyOfAnAliasComeFromTheSameCertificate() {
        ManagedCertificate certificate = TestManagedCertificates.issue(CA, EC, true, "same.test");
        cache.add(certificate);

        String alias = keyManager.selectAlias("EC", "same.test", null);

        assertThat(keyManager.getCertificateChain(alias)).containsExactlyElementsOf(certificate.chain());
        assertThat(keyManager.getPrivateKey(alias)).isSameAs(certificate.privateKey());
        assertThat(keyManager.getCertificateChain("cm-unknown")).isNull();
        assertThat(keyManager.getPrivateKey(null)).isNull();
    }

    @Test
    void aChallengeReplacedBetweenChoosingAndFetchingYieldsNothingRatherThanAMixedPair() {
        KeyPair first = TestKeys.rsa();
        KeyPair second = TestKeys.rsa();
        X509Certificate firstCertificate = TestCertificates.leaf("acme.test").keyPair(first).build().certificate();
        challenges.put("acme.test", new ChallengeCertificate("acme.test", first.getPrivate(), firstCertificate));

        String alias = keyManager.selectAlias("RSA", "acme.test", ApplicationProtocols.ACME_TLS_1);
        assertThat(keyManager.getCertificateChain(alias)).containsExactly(firstCertificate);
        assertThat(keyManager.selectAlias("EC", "acme.test", ApplicationProtocols.ACME_TLS_1))
                .as("the RSA challenge key cannot serve an EC request").isNull();

        challenges.put("acme.test", new ChallengeCertificate("acme.test", second.getPrivate(),
                TestCertificates.leaf("acme.test").keyPair(second).build().certificate()));
        assertThat(keyManager.getCertificateChain(alias)).isNull();
        assertThat(keyManager.getPrivateKey(alias)).isNull();
    }

    @Test
    void aThrowingMissingCertificateHandlerFailsOnlyThatSelection() {
        cache.add(TestManagedCertificates.issue(CA, EC, true, "fallback.test"));
        cache.setDefaultServerName("fallback.test");
        SniKeyManager withHandler = new SniKeyManager(cache, ChallengeCertificates.NONE, (name, type) -> {
            throw new IllegalStateException("on-demand backend down");
        });

        assertThat(withHandler.selectAlias("EC", "unknown.test", null)).isNull();
        assertThat(withHandler.selectAlias("EC", "fallback.test", null)).isNotNull();
    }

    @Test
    void clientSideMethodsOfferNoCertificate() {
        assertThat(keyManager.chooseClientAlias(new String[] {"EC"}, null, null)).isNull();
        assertThat(keyManager.chooseEngineClientAlias(new String[] {"EC"}, null, null)).isNull();
        assertThat(keyManager.getClientAliases("EC", null)).isNull();
        assertThat(keyManager.getServerAliases("EC", null)).isNull();
    }
}
