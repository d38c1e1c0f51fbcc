package dev.certmagic.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.TestManagedCertificates;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.tls.SniKeyManager;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;

/**
 * The key manager counts how it answered each handshake, once per alias handed out.
 */
class HandshakeCountersTest {

    private static final TestCertificates.Held CA = TestCertificates.root("Counters CA").build();

    private final CertificateCache cache = new CertificateCache(new MutableClock(java.time.Instant.now()));
    private final Map<String, ChallengeCertificate> challenges = new ConcurrentHashMap<>();

    @Test
    void exactAndWildcardMatchesCountAsHits() {
        cache.add(TestManagedCertificates.issue(CA, TestKeys.ec(), true, "a.example"));
        cache.add(TestManagedCertificates.issue(CA, TestKeys.ec(), true, "*.wild.example"));
        SniKeyManager keyManager = new SniKeyManager(cache, challenges::get, null);

        assertThat(keyManager.selectAlias("EC", "a.example", null)).isNotNull();
        assertThat(keyManager.selectAlias("EC", "x.wild.example", null)).isNotNull();

        assertThat(keyManager.counters().count(HandshakeResult.HIT)).isEqualTo(2);
        assertThat(keyManager.counters().count(HandshakeResult.MISS)).isZero();
    }

    @Test
    void theDefaultCertificateCountsAsDefaultAndNothingAtAllAsMiss() {
        SniKeyManager keyManager = new SniKeyManager(cache, challenges::get, null);
        assertThat(keyManager.selectAlias("EC", "unknown.example", null)).isNull();
        assertThat(keyManager.counters().count(HandshakeResult.MISS)).isEqualTo(1);

        cache.add(TestManagedCertificates.issue(CA, TestKeys.ec(), true, "default.example"));
        cache.setDefaultServerName("default.example");
        assertThat(keyManager.selectAlias("EC", "unknown.example", null)).isNotNull();
        assertThat(keyManager.selectAlias("EC", null, null)).isNotNull();

        assertThat(keyManager.counters().count(HandshakeResult.DEFAULT)).isEqualTo(2);
        assertThat(keyManager.counters().count(HandshakeResult.MISS)).isEqualTo(1);
    }

    @Test
    void aCertificateFromTheMissingCertificateHandlerCountsAsOnDemand() {
        ManagedCertificate fresh = TestManagedCertificates.issue(CA, TestKeys.ec(), true, "new.example");
        SniKeyManager keyManager = new SniKeyManager(cache, challenges::get, (name, type) -> {
            cache.add(fresh);
            return fresh;
        });

        assertThat(keyManager.selectAlias("EC", "new.example", null)).isEqualTo(fresh.alias());

        assertThat(keyManager.counters().count(HandshakeResult.ON_DEMAND)).isEqualTo(1);
        assertThat(keyManager.counters().count(HandshakeResult.HIT)).isZero();
    }

    @Test
    void aChallengeCertificateCountsAsChallenge() {
        KeyPair key = TestKeys.rsa();
        challenges.put("acme.example", new ChallengeCertificate("acme.example", key.getPrivate(),
                TestCertificates.leaf("acme.example").keyPair(key).build().certificate()));
        SniKeyManager keyManager = new SniKeyManager(cache, challenges::get, null);

        assertThat(keyManager.selectAlias("RSA", "acme.example", ApplicationProtocols.ACME_TLS_1)).isNotNull();

        assertThat(keyManager.counters().count(HandshakeResult.CHALLENGE)).isEqualTo(1);
    }

    @Test
    void aKeyTypeMismatchIsNotCountedBecauseJsseAsksAgain() {
        cache.add(TestManagedCertificates.issue(CA, TestKeys.rsa(), true, "rsa.example"));
        SniKeyManager keyManager = new SniKeyManager(cache, challenges::get, null);

        assertThat(keyManager.selectAlias("EC", "rsa.example", null)).isNull();
        assertThat(keyManager.selectAlias("RSA", "rsa.example", null)).isNotNull();

        assertThat(keyManager.counters().count(HandshakeResult.HIT)).isEqualTo(1);
        assertThat(keyManager.counters().count(HandshakeResult.MISS)).isZero();
    }
}
