package dev.certmagic.autoconfigure.actuate;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of certmagic's Micrometer metrics.
 */
@ConfigurationProperties("certmagic.metrics")
public class CertMagicMetricsProperties {

    /**
     * Most names that get their own "certmagic.certificate.expiry" series. Configured names come first,
     * then other managed names (on-demand ones) in alphabetical order; the rest get none, so that a fleet of
     * on-demand certificates cannot flood the metrics backend.
     */
    private int expiryMaxNames = 100;

    /**
     * Returns the most names with an expiry series.
     *
     * @return the cap
     */
    public int getExpiryMaxNames() {
        return expiryMaxNames;
    }

    /**
     * Sets the most names with an expiry series.
     *
     * @param expiryMaxNames the cap; 0 disables the series
     */
    public void setExpiryMaxNames(int expiryMaxNames) {
        this.expiryMaxNames = expiryMaxNames;
    }
}
