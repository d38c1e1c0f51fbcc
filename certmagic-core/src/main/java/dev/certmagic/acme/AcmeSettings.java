package dev.certmagic.acme;

import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import dev.certmagic.acme.challenge.ChallengeSolver;
import dev.certmagic.certificate.KeyType;

/**
 * The settings of one {@link AcmeIssuer}, copied from its {@link AcmeIssuerBuilder} at {@code build()}: the issuer
 * never looks back at the builder, so changing or reusing a builder changes no issuer built from it. The account
 * key is {@code null} unless the operator gave one; {@code userAgent} is the whole header value.
 */
record AcmeSettings(
        URI directory,
        List<X509Certificate> trustedRoots,
        List<ChallengeSolver> solvers,
        String email,
        boolean agreed,
        String eabKeyId,
        String eabHmacKey,
        String preferredChain,
        String profile,
        Duration pollInterval,
        Duration maxPollInterval,
        Duration orderTimeout,
        Duration networkTimeout,
        Duration responseTimeout,
        long maxResponseSize,
        int maxConcurrentOrders,
        KeyType keyType,
        String userAgent,
        KeyPair accountKey) {

    AcmeSettings {
        trustedRoots = List.copyOf(trustedRoots);
        solvers = List.copyOf(solvers);
    }

    /**
     * Leaves the EAB HMAC key and the account key out: they are secrets, and settings end up in logs and failure
     * messages. Only whether an account key was given is shown.
     */
    @Override
    public String toString() {
        return "AcmeSettings[directory=" + directory + ", email=" + email + ", agreed=" + agreed + ", eabKeyId="
                + eabKeyId + ", preferredChain=" + preferredChain + ", profile=" + profile + ", solvers="
                + solvers.stream().map(ChallengeSolver::challengeType).toList() + ", orderTimeout=" + orderTimeout
                + ", networkTimeout=" + networkTimeout + ", responseTimeout=" + responseTimeout + ", maxResponseSize="
                + maxResponseSize + ", maxConcurrentOrders=" + maxConcurrentOrders + ", keyType=" + keyType
                + ", userAgent=" + userAgent + ", accountKey=" + (accountKey == null ? "generated" : "given") + "]";
    }
}
