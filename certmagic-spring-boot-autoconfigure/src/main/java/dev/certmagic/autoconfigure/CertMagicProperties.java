package dev.certmagic.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration of automatic HTTPS ({@code certmagic.*}). These names are public API: they follow issue 5's
 * configuration contract and must not change.
 */
@ConfigurationProperties("certmagic")
public class CertMagicProperties {

    /**
     * Whether certmagic manages certificates and serves HTTPS on server.port.
     */
    private boolean enabled = true;

    /**
     * Names to obtain and renew certificates for. Wildcards ("*.example.com") need the DNS-01 challenge.
     */
    private List<String> domains = new ArrayList<>();

    /**
     * ACME CA: "letsencrypt", "letsencrypt-staging", "zerossl", or the URL of any ACME directory.
     */
    private String ca = "letsencrypt";

    /**
     * Contact email for the ACME account; the CA sends expiry and policy notices there.
     */
    private String email;

    /**
     * Whether you agree to the ACME CA's terms of service; required to use an ACME CA.
     */
    private boolean agreed;

    /**
     * Private key type of issued certificates.
     */
    private KeyType keyType = KeyType.EC256;

    /**
     * Whether to request certificates with the OCSP Must-Staple extension.
     */
    private boolean mustStaple;

    /**
     * Certificate for clients that send no server name (SNI), for example clients connecting by IP address.
     */
    private String defaultServerName;

    private final Acme acme = new Acme();

    private final Storage storage = new Storage();

    private final Renewal renewal = new Renewal();

    private final Challenges challenges = new Challenges();

    private final Http http = new Http();

    private final OnDemand onDemand = new OnDemand();

    private final Ocsp ocsp = new Ocsp();

    @NestedConfigurationProperty
    private final DnsProperties dns = new DnsProperties();

    /**
     * Certificates of your own (PEM) served alongside the managed ones; never renewed by certmagic.
     */
    private List<Unmanaged> unmanaged = new ArrayList<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getDomains() {
        return domains;
    }

    public void setDomains(List<String> domains) {
        this.domains = domains;
    }

    public String getCa() {
        return ca;
    }

    public void setCa(String ca) {
        this.ca = ca;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public boolean isAgreed() {
        return agreed;
    }

    public void setAgreed(boolean agreed) {
        this.agreed = agreed;
    }

    public KeyType getKeyType() {
        return keyType;
    }

    public void setKeyType(KeyType keyType) {
        this.keyType = keyType;
    }

    public boolean isMustStaple() {
        return mustStaple;
    }

    public void setMustStaple(boolean mustStaple) {
        this.mustStaple = mustStaple;
    }

    public String getDefaultServerName() {
        return defaultServerName;
    }

    public void setDefaultServerName(String defaultServerName) {
        this.defaultServerName = defaultServerName;
    }

    public Acme getAcme() {
        return acme;
    }

    public Storage getStorage() {
        return storage;
    }

    public Renewal getRenewal() {
        return renewal;
    }

    public Challenges getChallenges() {
        return challenges;
    }

    public Http getHttp() {
        return http;
    }

    public OnDemand getOnDemand() {
        return onDemand;
    }

    public Ocsp getOcsp() {
        return ocsp;
    }

    public DnsProperties getDns() {
        return dns;
    }

    public List<Unmanaged> getUnmanaged() {
        return unmanaged;
    }

    public void setUnmanaged(List<Unmanaged> unmanaged) {
        this.unmanaged = unmanaged;
    }

    /**
     * Key types for issued certificates; {@code ec256} is small and fast and accepted everywhere that matters.
     */
    public enum KeyType {

        /** ECDSA on P-256. */
        EC256,

        /** ECDSA on P-384. */
        EC384,

        /** RSA, 2048 bits. */
        RSA2048,

        /** RSA, 3072 bits. */
        RSA3072,

        /** RSA, 4096 bits. */
        RSA4096
    }

    /**
     * ACME client settings.
     */
    public static class Acme {

        /**
         * PEM resources trusted for the CA's own HTTPS endpoint, for private CAs or Pebble; empty means the
         * JVM's trust store.
         */
        private List<String> trustedRoots = new ArrayList<>();

        /**
         * ACME profile to request (draft-ietf-acme-profiles), when the CA offers profiles.
         */
        private String profile;

        private final Eab eab = new Eab();

        public List<String> getTrustedRoots() {
            return trustedRoots;
        }

        public void setTrustedRoots(List<String> trustedRoots) {
            this.trustedRoots = trustedRoots;
        }

        public String getProfile() {
            return profile;
        }

        public void setProfile(String profile) {
            this.profile = profile;
        }

        public Eab getEab() {
            return eab;
        }
    }

    /**
     * External account binding (RFC 8555, section 7.3.4), required by some CAs such as ZeroSSL.
     */
    public static class Eab {

        /**
         * Key identifier given by the CA.
         */
        private String keyId;

        /**
         * HMAC key given by the CA, base64url encoded. Keep it out of source control.
         */
        private String hmacKey;

        public String getKeyId() {
            return keyId;
        }

        public void setKeyId(String keyId) {
            this.keyId = keyId;
        }

        public String getHmacKey() {
            return hmacKey;
        }

        public void setHmacKey(String hmacKey) {
            this.hmacKey = hmacKey;
        }
    }

    /**
     * Where certificates, keys and ACME accounts are kept.
     */
    public static class Storage {

        /**
         * Where to keep them: "file" (a directory of this machine) or "jdbc" (a database shared by a cluster,
         * needs certmagic-storage-jdbc).
         */
        private StorageType type = StorageType.FILE;

        /**
         * Root directory of the file storage; defaults to certmagic's data directory in the user's home.
         */
        private Path path;

        @NestedConfigurationProperty
        private final JdbcStorageProperties jdbc = new JdbcStorageProperties();

        public StorageType getType() {
            return type;
        }

        public void setType(StorageType type) {
            this.type = type;
        }

        public Path getPath() {
            return path;
        }

        public void setPath(Path path) {
            this.path = path;
        }

        public JdbcStorageProperties getJdbc() {
            return jdbc;
        }
    }

    /**
     * Storage backends; a {@code Storage} bean of the application replaces either.
     */
    public enum StorageType {

        /** Files under {@code certmagic.storage.path}: one machine, or a shared file system. */
        FILE,

        /** Tables in a relational database, shared by every instance of a cluster. */
        JDBC
    }

    /**
     * When certificates are renewed.
     */
    public static class Renewal {

        /**
         * How often certificates are checked for renewal.
         */
        private Duration checkInterval = Duration.ofMinutes(10);

        /**
         * Fraction of a certificate's lifetime left at which it is renewed, when the CA offers no renewal
         * window (ARI).
         */
        private double windowRatio = 1.0 / 3.0;

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

    /**
     * ACME challenge types that certmagic may solve.
     */
    public static class Challenges {

        private final Toggle http = new Toggle();

        private final Toggle tlsAlpn = new Toggle();

        public Toggle getHttp() {
            return http;
        }

        public Toggle getTlsAlpn() {
            return tlsAlpn;
        }
    }

    /**
     * One challenge type.
     */
    public static class Toggle {

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

    /**
     * The plain-HTTP connector: it answers HTTP-01 challenges and redirects everything else to HTTPS.
     */
    public static class Http {

        /**
         * Port of the plain-HTTP connector; -1 turns it off.
         */
        private int port = 80;

        /**
         * Whether plain-HTTP requests are redirected to HTTPS.
         */
        private boolean redirect = true;

        /**
         * Public HTTPS port written into redirects (omitted from the URL when 443); defaults to server.port.
         */
        private Integer redirectPort;

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public boolean isRedirect() {
            return redirect;
        }

        public void setRedirect(boolean redirect) {
            this.redirect = redirect;
        }

        public Integer getRedirectPort() {
            return redirectPort;
        }

        public void setRedirectPort(Integer redirectPort) {
            this.redirectPort = redirectPort;
        }
    }

    /**
     * OCSP: responses for certificates that name a responder are fetched, validated, kept in storage and
     * refreshed; a revoked certificate is replaced.
     */
    public static class Ocsp {

        /**
         * Whether OCSP responses are fetched for certificates that name a responder (no traffic otherwise).
         */
        private boolean enabled = true;

        /**
         * How often staples are checked; each is refreshed once half its validity has passed.
         */
        private Duration checkInterval = Duration.ofHours(1);

        /**
         * Whether TLS handshakes staple the responses. Turns on the JDK's server-side status_request support,
         * pointed at certmagic's validated responses; these are JVM-wide jdk.tls.* settings. Required by
         * certmagic.must-staple.
         */
        private boolean stapling;

        /**
         * Responder URLs to use instead of those named in certificates: original URL (in brackets, e.g.
         * certmagic.ocsp.responder-overrides[http://ocsp.ca.example]) to replacement.
         */
        private Map<String, URI> responderOverrides = new LinkedHashMap<>();

        /**
         * Responder for certificates that name none.
         */
        private URI defaultResponder;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getCheckInterval() {
            return checkInterval;
        }

        public void setCheckInterval(Duration checkInterval) {
            this.checkInterval = checkInterval;
        }

        public boolean isStapling() {
            return stapling;
        }

        public void setStapling(boolean stapling) {
            this.stapling = stapling;
        }

        public Map<String, URI> getResponderOverrides() {
            return responderOverrides;
        }

        public void setResponderOverrides(Map<String, URI> responderOverrides) {
            this.responderOverrides = responderOverrides;
        }

        public URI getDefaultResponder() {
            return defaultResponder;
        }

        public void setDefaultResponder(URI defaultResponder) {
            this.defaultResponder = defaultResponder;
        }
    }

    /**
     * A certificate of your own, in PEM.
     */
    public static class Unmanaged {

        /**
         * Location of the PEM certificate chain, leaf first.
         */
        private String certificate;

        /**
         * Location of the PEM private key.
         */
        private String privateKey;

        public String getCertificate() {
            return certificate;
        }

        public void setCertificate(String certificate) {
            this.certificate = certificate;
        }

        public String getPrivateKey() {
            return privateKey;
        }

        public void setPrivateKey(String privateKey) {
            this.privateKey = privateKey;
        }
    }

    /**
     * On-demand TLS: a name unknown at startup gets its certificate during its first handshake. Off unless enabled,
     * and refused at startup unless something limits the names (allowlist, ask endpoint or OnDemandDecision bean).
     */
    public static class OnDemand {

        /**
         * Whether handshakes for names without a certificate may obtain one on demand.
         */
        private boolean enabled;

        /**
         * Names that may get a certificate on demand: exact names or one-label patterns such as "*.example.com".
         */
        private List<String> allowedDomains = new ArrayList<>();

        /**
         * URL asked "GET <url>?domain=<name>" before a certificate is obtained on demand; 2xx allows, anything
         * else (redirects and timeouts included) denies.
         */
        private URI ask;

        /**
         * Bound on one request to the ask endpoint, connection included.
         */
        private Duration askTimeout = Duration.ofSeconds(5);

        /**
         * Most certificates this instance may obtain on demand over its lifetime; unlimited when not set.
         */
        private Long maxObtain;

        /**
         * How long a handshake waits for its on-demand certificate before it fails; the order carries on.
         */
        private Duration handshakeTimeout = Duration.ofSeconds(10);

        /**
         * How long a refused name is refused again without asking the decision or the ask endpoint.
         */
        private Duration denialTtl = Duration.ofMinutes(1);

        /**
         * Most names decided or obtained at once; further new names are refused until one settles.
         */
        private int maxInFlight = 64;

        private final RateLimit rateLimit = new RateLimit();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getAllowedDomains() {
            return allowedDomains;
        }

        public void setAllowedDomains(List<String> allowedDomains) {
            this.allowedDomains = allowedDomains;
        }

        public URI getAsk() {
            return ask;
        }

        public void setAsk(URI ask) {
            this.ask = ask;
        }

        public Duration getAskTimeout() {
            return askTimeout;
        }

        public void setAskTimeout(Duration askTimeout) {
            this.askTimeout = askTimeout;
        }

        public Long getMaxObtain() {
            return maxObtain;
        }

        public void setMaxObtain(Long maxObtain) {
            this.maxObtain = maxObtain;
        }

        public Duration getHandshakeTimeout() {
            return handshakeTimeout;
        }

        public void setHandshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
        }

        public Duration getDenialTtl() {
            return denialTtl;
        }

        public void setDenialTtl(Duration denialTtl) {
            this.denialTtl = denialTtl;
        }

        public int getMaxInFlight() {
            return maxInFlight;
        }

        public void setMaxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
        }

        public RateLimit getRateLimit() {
            return rateLimit;
        }
    }

    /**
     * Rate limit on on-demand orders: at most {@code events} orders within any {@code window}. Off unless both are
     * set.
     */
    public static class RateLimit {

        /**
         * Most on-demand orders within one window.
         */
        private Integer events;

        /**
         * Length of the sliding window the rate limit counts orders in.
         */
        private Duration window;

        public Integer getEvents() {
            return events;
        }

        public void setEvents(Integer events) {
            this.events = events;
        }

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }
    }
}
