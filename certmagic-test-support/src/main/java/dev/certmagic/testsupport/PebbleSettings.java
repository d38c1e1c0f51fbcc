package dev.certmagic.testsupport;

/**
 * The knobs of one Pebble run, as plain values so that a {@link Pebble} can also be started without JUnit.
 *
 * @param nonceReject percentage of nonces rejected as {@code badNonce}
 * @param validityPeriodSeconds lifetime of issued certificates, 0 for Pebble's default
 * @param authzReuse percentage of authorizations reused
 * @param vaNoSleep whether to validate without random delay
 */
public record PebbleSettings(int nonceReject, long validityPeriodSeconds, int authzReuse, boolean vaNoSleep) {

    /** Pebble's defaults, with validation delays switched off. */
    public static final PebbleSettings DEFAULTS = new PebbleSettings(5, 0, 50, true);

    /**
     * Checks the ranges.
     *
     * @param nonceReject percentage of nonces rejected as {@code badNonce}
     * @param validityPeriodSeconds lifetime of issued certificates, 0 for Pebble's default
     * @param authzReuse percentage of authorizations reused
     * @param vaNoSleep whether to validate without random delay
     */
    public PebbleSettings {
        if (nonceReject < 0 || nonceReject > 100 || authzReuse < 0 || authzReuse > 100) {
            throw new IllegalArgumentException("nonceReject and authzReuse are percentages (0..100)");
        }
        if (validityPeriodSeconds < 0) {
            throw new IllegalArgumentException("validityPeriodSeconds must not be negative");
        }
    }

    /**
     * Reads the settings of an annotation.
     *
     * @param annotation the test class's annotation
     * @return the settings
     */
    public static PebbleSettings from(WithPebble annotation) {
        return new PebbleSettings(annotation.nonceReject(), annotation.validityPeriodSeconds(),
                annotation.authzReuse(), annotation.vaNoSleep());
    }
}
