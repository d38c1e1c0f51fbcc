package dev.certmagic.internal.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.certmagic.issuance.CertificateRequest;
import dev.certmagic.issuance.IssuedCertificate;
import dev.certmagic.issuance.Issuer;
import dev.certmagic.issuance.IssuerPolicy;

class IssuerChainTest {

    @Test
    void policyFirstAsksInConfiguredOrderEveryTime() {
        IssuerChain chain = new IssuerChain(List.of(named("a"), named("b"), named("c")), IssuerPolicy.FIRST,
                new SplittableRandom(1));
        for (int i = 0; i < 20; i++) {
            assertThat(chain.attemptOrder()).extracting(Issuer::issuerKey).containsExactly("a", "b", "c");
        }
    }

    @Test
    void policyFirstRandomDrawsAnOrderPerAttemptThatStillHoldsEveryIssuer() {
        IssuerChain chain = new IssuerChain(List.of(named("a"), named("b"), named("c")), IssuerPolicy.FIRST_RANDOM,
                new SplittableRandom(7));
        Set<String> firsts = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            List<Issuer> order = chain.attemptOrder();
            assertThat(order).extracting(Issuer::issuerKey).containsExactlyInAnyOrder("a", "b", "c");
            firsts.add(order.get(0).issuerKey());
        }
        assertThat(firsts).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(chain.issuers()).extracting(Issuer::issuerKey).containsExactly("a", "b", "c");
    }

    @Test
    void twoIssuersWithOneStorageKeyAreRefused() {
        assertThatThrownBy(() -> new IssuerChain(List.of(named("a"), named("a")), IssuerPolicy.FIRST,
                new SplittableRandom(1))).hasMessageContaining("share the issuer key a");
    }

    private static Issuer named(String key) {
        return new Issuer() {
            @Override
            public String issuerKey() {
                return key;
            }

            @Override
            public IssuedCertificate issue(CertificateRequest request) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
