package dev.certmagic.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * ACME client settings ({@code certmagic.acme.*}): trust for the CA's own endpoint, the profile to request and
 * external account binding.
 */
public class AcmeProperties {

    /**
     * PEM resources trusted for the CA's own HTTPS endpoint, for private CAs or Pebble; empty means the
     * JVM's trust store.
     */
    private List<String> trustedRoots = new ArrayList<>();

    /**
     * ACME profile to request (draft-ietf-acme-profiles), when the CA offers profiles.
     */
    private @Nullable String profile;

    private final Eab eab = new Eab();

    public List<String> getTrustedRoots() {
        return trustedRoots;
    }

    public void setTrustedRoots(List<String> trustedRoots) {
        this.trustedRoots = trustedRoots;
    }

    public @Nullable String getProfile() {
        return profile;
    }

    public void setProfile(@Nullable String profile) {
        this.profile = profile;
    }

    public Eab getEab() {
        return eab;
    }

    /**
     * External account binding (RFC 8555, section 7.3.4), required by some CAs such as ZeroSSL.
     */
    public static class Eab {

        /**
         * Key identifier given by the CA.
         */
        private @Nullable String keyId;

        /**
         * HMAC key given by the CA, base64url encoded. Keep it out of source control.
         */
        private @Nullable String hmacKey;

        public @Nullable String getKeyId() {
            return keyId;
        }

        public void setKeyId(@Nullable String keyId) {
            this.keyId = keyId;
        }

        public @Nullable String getHmacKey() {
            return hmacKey;
        }

        public void setHmacKey(@Nullable String hmacKey) {
            this.hmacKey = hmacKey;
        }
    }
}
