package dev.certmagic.internal.issuance;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.util.Objects;

import dev.certmagic.issuance.IssuanceException;

/**
 * Replaces a stored certificate with a new one, under the same lock as {@link ObtainFlow}. If a peer renewed it
 * while this instance waited for the lock (the stored certificate is no longer the one asked about, and is
 * valid), the peer's certificate is returned and no order is placed. The new order names the certificate it
 * replaces, for CAs with renewal information (RFC 9773).
 */
public final class RenewFlow {

    private final ObtainFlow obtainFlow;
    private final Clock clock;

    /**
     * Creates the flow.
     *
     * @param obtainFlow the flow that holds storage, issuer and policy
     * @param clock the source of "now"
     */
    public RenewFlow(ObtainFlow obtainFlow, Clock clock) {
        this.obtainFlow = Objects.requireNonNull(obtainFlow, "obtainFlow");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Renews {@code current}.
     *
     * @param current the certificate to replace
     * @return the new certificate (or a peer's newer one)
     * @throws IssuanceException if the CA did not issue
     * @throws IOException if storage failed
     * @throws InterruptedException if interrupted
     */
    public StoredCertificate renew(StoredCertificate current)
            throws IssuanceException, IOException, InterruptedException {
        BigInteger oldSerial = current.leaf().getSerialNumber();
        return obtainFlow.run(current.names(), true, stored -> !stored.leaf().getSerialNumber().equals(oldSerial)
                && stored.servesAt(current.names(), clock.instant()), current);
    }
}
