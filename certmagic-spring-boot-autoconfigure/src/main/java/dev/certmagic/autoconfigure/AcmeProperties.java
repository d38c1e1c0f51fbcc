package dev.certmagic.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * ACME client settings ({@code certmagic.acme.*}): trust for the CA's own endpoint, the profile and chain to request,
 * the account (its key, external account binding), how the client names itself, and the limits and timeouts every
 * exchange with the CA must keep.
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

    /**
     * Network timeout of one request to the CA: connecting, and waiting for the status and headers of the answer.
     * Must not exceed response-timeout.
     */
    private Duration networkTimeout = Duration.ofSeconds(10);

    /**
     * How long one order may wait for the CA to validate its challenges and issue the certificate before the
     * attempt fails and is retried later.
     */
    private Duration orderTimeout = Duration.ofSeconds(90);

    /**
     * Most certificates ordered at once; more names wait their turn.
     */
    private int maxConcurrentOrders = 10;

    /**
     * Common name of the issuer of the alternate chain to serve when the CA offers several, for example
     * "ISRG Root X1". Unset, or not offered: the CA's default chain.
     */
    private @Nullable String preferredChain;

    /**
     * Token put in front of "certmagic-spring-boot/<version>" in the User-Agent of every request to the CA, so the
     * CA can tell who runs this client, for example "my-shop/2.1 (+https://shop.example/contact)".
     */
    private @Nullable String userAgent;

    /**
     * ACME account key to use instead of generating one (an account bound by EAB or made by another client): PEM
     * content, or a resource such as "file:/etc/certmagic/account.pem". Must match the account already in storage
     * for this CA and email, if any. Keep it out of source control.
     */
    private @Nullable String accountKey;

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

    public Duration getNetworkTimeout() {
        return networkTimeout;
    }

    public void setNetworkTimeout(Duration networkTimeout) {
        this.networkTimeout = networkTimeout;
    }

    public Duration getOrderTimeout() {
        return orderTimeout;
    }

    public void setOrderTimeout(Duration orderTimeout) {
        this.orderTimeout = orderTimeout;
    }

    public int getMaxConcurrentOrders() {
        return maxConcurrentOrders;
    }

    public void setMaxConcurrentOrders(int maxConcurrentOrders) {
        this.maxConcurrentOrders = maxConcurrentOrders;
    }

    public @Nullable String getPreferredChain() {
        return preferredChain;
    }

    public void setPreferredChain(@Nullable String preferredChain) {
        this.preferredChain = preferredChain;
    }

    public @Nullable String getUserAgent() {
        return userAgent;
    }

    public void setUserAgent(@Nullable String userAgent) {
        this.userAgent = userAgent;
    }

    public @Nullable String getAccountKey() {
        return accountKey;
    }

    public void setAccountKey(@Nullable String accountKey) {
        this.accountKey = accountKey;
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
