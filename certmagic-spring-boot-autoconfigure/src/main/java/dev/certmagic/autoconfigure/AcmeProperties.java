package dev.certmagic.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * ACME client settings ({@code certmagic.acme.*}): trust for the CA's own endpoint, the profile to request,
 * external account binding, and the limits every answer from the CA must keep.
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

    /**
     * Deadline of one request to the CA as a whole: connecting, sending, and reading the status, headers and the
     * entire body. A slower answer fails the request, which the retry schedule tries again later.
     */
    private Duration responseTimeout = Duration.ofSeconds(30);

    /**
     * Largest body accepted in one answer from the CA, after decompression. A larger one fails the request as
     * soon as the limit is read.
     */
    private DataSize maxResponseSize = DataSize.ofMegabytes(2);

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

    public Duration getResponseTimeout() {
        return responseTimeout;
    }

    public void setResponseTimeout(Duration responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    public DataSize getMaxResponseSize() {
        return maxResponseSize;
    }

    public void setMaxResponseSize(DataSize maxResponseSize) {
        this.maxResponseSize = maxResponseSize;
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
