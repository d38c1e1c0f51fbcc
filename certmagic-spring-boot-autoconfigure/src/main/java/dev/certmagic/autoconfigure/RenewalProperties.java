package dev.certmagic.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * When certificates are renewed ({@code certmagic.renewal.*}).
 */
public class RenewalProperties {

    /**
     * How often certificates are checked for renewal.
     */
    private Duration checkInterval = Duration.ofMinutes(10);

    /**
     * Fraction of a certificate's lifetime left at which it is renewed, when the CA offers no renewal
     * window (ARI).
     */
    private double windowRatio = 0.3333333333333333; // 1/3 as a literal, so that the metadata shows it

    /**
     * Seed of the spread of renewals inside the renewal window a CA suggests (ARI). Unset: a random seed per start.
     * Give each instance of a fleet its own fixed value to keep its renewal moments stable across restarts.
     */
    private @Nullable Long jitterSeed;

    public Duration getCheckInterval() {
        return checkInterval;
    }

    public void setCheckInterval(Duration checkInterval) {
        this.checkInterval = checkInterval;
    }

    public double getWindowRatio() {
        return windowRatio;
    }

    public void setWindowRatio(double windowRatio) {
        this.windowRatio = windowRatio;
    }

    public @Nullable Long getJitterSeed() {
        return jitterSeed;
    }

    public void setJitterSeed(@Nullable Long jitterSeed) {
        this.jitterSeed = jitterSeed;
    }
}
