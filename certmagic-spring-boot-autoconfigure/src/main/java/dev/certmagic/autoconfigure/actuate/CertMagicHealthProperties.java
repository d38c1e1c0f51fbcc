package dev.certmagic.autoconfigure.actuate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code certificates} health indicator.
 */
@ConfigurationProperties("certmagic.health")
public class CertMagicHealthProperties {

    /**
     * Time left before expiry under which a certificate is listed as expiring soon in the health details. With
     * the default renewal at a third of the lifetime, a 90-day certificate listed at 14 days has been failing to
     * renew for over two weeks.
     */
    private Duration validityWarningThreshold = Duration.ofDays(14);

    /**
     * Whether a certificate past the warning threshold turns the status DOWN (instead of only being listed).
     */
    private boolean downWhenExpiringSoon;

    /**
     * Returns the validity warning threshold.
     *
     * @return the threshold
     */
    public Duration getValidityWarningThreshold() {
        return validityWarningThreshold;
    }

    /**
     * Sets the validity warning threshold.
     *
     * @param validityWarningThreshold the threshold
     */
    public void setValidityWarningThreshold(Duration validityWarningThreshold) {
        this.validityWarningThreshold = validityWarningThreshold;
    }

    /**
     * Returns whether expiring certificates turn the status DOWN.
     *
     * @return whether they do
     */
    public boolean isDownWhenExpiringSoon() {
        return downWhenExpiringSoon;
    }

    /**
     * Sets whether expiring certificates turn the status DOWN.
     *
     * @param downWhenExpiringSoon whether they do
     */
    public void setDownWhenExpiringSoon(boolean downWhenExpiringSoon) {
        this.downWhenExpiringSoon = downWhenExpiringSoon;
    }
}
