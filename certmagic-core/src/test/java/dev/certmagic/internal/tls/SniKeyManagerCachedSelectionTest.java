package dev.certmagic.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.TestManagedCertificates;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;
import dev.certmagic.tls.ChallengeCertificates;
import dev.certmagic.tls.HandshakeResult;

/**
 * {@link SniKeyManager#selectCachedAlias}, the part of the selection a Netty event loop may run: the cache only,
 * never the stored-certificate loader or the on-demand handler, which may wait.
 */
class SniKeyManagerCachedSelectionTest {

    private static final TestCertificates.Held CA = TestCertificates.root("Cached Selection Root").build();
    private static final KeyPair EC = TestKeys.ec();

    private final CertificateCache cache = new CertificateCache(Clock.systemUTC());
    private final AtomicInteger slowAsks = new AtomicInteger();
    private final SniKeyManager keyManager = new SniKeyManager(cache, ChallengeCertificates.NONE,
            (name, keyType) -> {
                slowAsks.incrementAndGet();
                return null;
            },
            (name, keyType) -> {
                slowAsks.incrementAndGet();
                return null;
            });

    @Test
    void answersCachedNamesExactlyAndByWildcardAndCountsThemAsHits() {
        ManagedCertificate exact = TestManagedCertificates.issue(CA, EC, true, "shop.test");
        ManagedCertificate wildcard = TestManagedCertificates.issue(CA, EC, true, "*.shops.test");
        cache.add(exact);
        cache.add(wildcard);

        assertThat(keyManager.selectCachedAlias("EC", "SHOP.test")).isEqualTo(exact.alias());
        assertThat(keyManager.selectCachedAlias("EC", "a.shops.test")).isEqualTo(wildcard.alias());
        assertThat(keyManager.selectCachedAlias("RSA", "shop.test")).as("no RSA certificate").isNull();
        assertThat(keyManager.counters().count(HandshakeResult.HIT)).isEqualTo(2);
    }

    @Test
    void aMissNeverAsksTheLoaderOrTheOnDemandHandlerAndIsLeftToTheFullSelection() {
        cache.add(TestManagedCertificates.issue(CA, EC, true, "default.test"));
        cache.setDefaultServerName("default.test");

        assertThat(keyManager.selectCachedAlias("EC", "unknown.test")).isNull();
        assertThat(keyManager.selectCachedAlias("EC", "not a name")).isNull();
        assertThat(slowAsks).as("nothing that may wait was asked").hasValue(0);

        assertThat(keyManager.selectAlias("EC", "unknown.test", null)).as("the full selection falls back")
                .isEqualTo(keyManager.selectCachedAlias("EC", null));
        assertThat(slowAsks).hasValue(2);
    }
}
