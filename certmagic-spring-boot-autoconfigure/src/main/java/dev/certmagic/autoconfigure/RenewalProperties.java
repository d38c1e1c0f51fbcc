package dev.certmagic.autoconfigure;

import java.time.Duration;

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
}
