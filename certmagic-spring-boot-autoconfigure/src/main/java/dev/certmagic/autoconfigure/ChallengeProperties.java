package dev.certmagic.autoconfigure;

/**
 * ACME challenge types that certmagic may solve ({@code certmagic.challenges.*}). DNS-01 is on whenever the
 * application declares a {@code DnsProvider} bean.
 */
public class ChallengeProperties {

    private final Challenge http = new Challenge();

    private final Challenge tlsAlpn = new Challenge();

    public Challenge getHttp() {
        return http;
    }

    public Challenge getTlsAlpn() {
        return tlsAlpn;
    }

    /**
     * One challenge type.
     */
    public static class Challenge {

        /**
         * Whether this challenge type may be used.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
