package dev.certmagic.certificate;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Decides when a certificate is due for renewal. Pure: every answer depends only on the certificate, the
 * configuration and the {@code Instant} passed in.
 *
 * <ul>
 * <li><b>ARI.</b> When the CA suggested a {@link RenewalWindow}, renew at a point inside it. The point is
 * spread over the window by a hash of the certificate mixed with this instance's jitter seed, so a fleet of
 * servers (each with its own seed) does not renew in the same minute, yet one server's answer for one
 * certificate never changes from one check to the next.</li>
 * <li><b>Lifetime ratio.</b> Without ARI, renew when {@code windowRatio} of the lifetime remains (default
 * 1/3, CertMagic's {@code RenewalWindowRatio}), or at least half of it for lifetimes under 10 days.</li>
 * <li><b>Emergency.</b> Whatever ARI says, renew once less than 1/10 of the lifetime remains; for a 90-day
 * certificate that is 9 days, for a 6-day one about 14 hours. ARI can bring renewal forward, never past this.</li>
 * </ul>
 */
public final class RenewalPolicy {

    /** CertMagic's default: renew when a third of the lifetime remains. */
    public static final double DEFAULT_WINDOW_RATIO = 1.0 / 3.0;

    /** Below this lifetime a certificate is "short-lived" and renews at half of it at the latest. */
    public static final Duration SHORT_LIFETIME = Duration.ofDays(10);

    /** The part of the lifetime below which renewal is an emergency that overrides ARI. */
    public static final double EMERGENCY_RATIO = 0.1;

    private static final double SHORT_LIFETIME_RATIO = 0.5;

    private final double windowRatio;
    private final long jitterSeed;

    /**
     * Creates a policy.
     *
     * @param windowRatio the part of the lifetime that remains when renewal starts without ARI; in (0, 1)
     * @param jitterSeed the seed that spreads ARI renewals; choose it randomly per process in production and fix
     *     it in tests
     */
    public RenewalPolicy(double windowRatio, long jitterSeed) {
        if (!(windowRatio > 0 && windowRatio < 1)) {
            throw new IllegalArgumentException("windowRatio(...) must be between 0 and 1 (exclusive), "
                    + "for example 0.33; was " + windowRatio);
        }
        this.windowRatio = windowRatio;
        this.jitterSeed = jitterSeed;
    }

    /**
     * Returns the configured window ratio.
     *
     * @return the ratio
     */
    public double windowRatio() {
        return windowRatio;
    }

    /**
     * Returns when the certificate should be renewed.
     *
     * @param certificate the certificate
     * @return the renewal time; may be in the past
     */
    public Instant renewalTime(ManagedCertificate certificate) {
        Instant emergency = emergencyTime(certificate);
        RenewalWindow window = certificate.renewalWindow();
        Instant planned = window != null ? pointInWindow(window, certificate.hash()) : ratioTime(certificate);
        return planned.isBefore(emergency) ? planned : emergency;
    }

    /**
     * Tells whether the certificate is due.
     *
     * @param certificate the certificate
     * @param now the current time
     * @return whether {@code now} is at or past {@link #renewalTime}
     */
    public boolean needsRenewal(ManagedCertificate certificate, Instant now) {
        return !now.isBefore(renewalTime(certificate));
    }

    /**
     * Tells whether the certificate is in its last tenth of life (or expired), the moment to warn loudly.
     *
     * @param certificate the certificate
     * @param now the current time
     * @return whether renewal is an emergency
     */
    public boolean isEmergency(ManagedCertificate certificate, Instant now) {
        return !now.isBefore(emergencyTime(certificate));
    }

    private Instant ratioTime(ManagedCertificate certificate) {
        Duration lifetime = lifetime(certificate);
        double ratio = lifetime.compareTo(SHORT_LIFETIME) < 0 ? Math.max(windowRatio, SHORT_LIFETIME_RATIO)
                : windowRatio;
        return certificate.notAfter().minusMillis((long) (lifetime.toMillis() * ratio));
    }

    private static Instant emergencyTime(ManagedCertificate certificate) {
        return certificate.notAfter().minusMillis((long) (lifetime(certificate).toMillis() * EMERGENCY_RATIO));
    }

    private Instant pointInWindow(RenewalWindow window, String hash) {
        long span = Duration.between(window.start(), window.end()).toMillis();
        if (span <= 0) {
            return window.start();
        }
        long offset = new SplittableRandom(jitterSeed ^ fold(hash)).nextLong(span + 1);
        return window.start().plusMillis(offset);
    }

    private static long fold(String hash) {
        long h = 1125899906842597L;
        for (int i = 0; i < hash.length(); i++) {
            h = 31 * h + hash.charAt(i);
        }
        return h;
    }

    private static Duration lifetime(ManagedCertificate certificate) {
        Duration lifetime = Duration.between(certificate.notBefore(), certificate.notAfter());
        return lifetime.isNegative() ? Duration.ZERO : lifetime;
    }

    /**
     * Describes the policy; the seed is no secret, only a way to spread renewals.
     *
     * @return e.g. {@code RenewalPolicy[windowRatio=0.333, jitterSeed=42]}
     */
    @Override
    public String toString() {
        return "RenewalPolicy[windowRatio=" + windowRatio + ", jitterSeed=" + jitterSeed + "]";
    }
}
