package dev.certmagic.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
}
