package dev.certmagic.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.certmagic.certificate.KeyType;
import dev.certmagic.issuance.IssuerPolicy;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration of automatic HTTPS ({@code certmagic.*}). These names are public API: they follow issue 5's
 * configuration contract and must not change. The larger subtrees have their own classes, as Spring Boot splits
 * its property trees: {@link AcmeProperties}, {@link StorageProperties}, {@link RenewalProperties},
 * {@link ChallengeProperties}, {@link HttpProperties}, {@link OnDemandProperties}, {@link OcspProperties},
 * {@link InternalCaProperties}, {@link IssuerProperties} and {@link UnmanagedCertificateProperties}.
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
     * CA: "letsencrypt", "letsencrypt-staging", "zerossl", the URL of any ACME directory, or "internal" (a local
     * CA in the application, for development and internal names, see certmagic.internal).
     */
    private String ca = "letsencrypt";

    /**
     * Contact email for the ACME account; the CA sends expiry and policy notices there.
     */
    private @Nullable String email;

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
     * Whether a renewal keeps the certificate's private key (when it is of key-type) instead of making a new one.
     * A new key per certificate limits the damage of a leaked key; keep the key only for key pinning (HPKP, DANE).
     */
    private boolean reusePrivateKeys;

    /**
     * Most certificates kept in memory; certificates of certmagic.domains are never evicted, on-demand ones are
     * evicted oldest first and read again from storage when needed. 0: no bound.
     */
    private int cacheCapacity;

    /**
     * Certificate for clients that send no server name (SNI), for example clients connecting by IP address.
     */
    private @Nullable String defaultServerName;

    @NestedConfigurationProperty
    private final AcmeProperties acme = new AcmeProperties();

    @NestedConfigurationProperty
    private final StorageProperties storage = new StorageProperties();

    @NestedConfigurationProperty
    private final RenewalProperties renewal = new RenewalProperties();

    @NestedConfigurationProperty
    private final ChallengeProperties challenges = new ChallengeProperties();

    @NestedConfigurationProperty
    private final HttpProperties http = new HttpProperties();

    @NestedConfigurationProperty
    private final OnDemandProperties onDemand = new OnDemandProperties();

    @NestedConfigurationProperty
    private final OcspProperties ocsp = new OcspProperties();

    @NestedConfigurationProperty
    private final DnsProperties dns = new DnsProperties();

    @NestedConfigurationProperty
    private final TlsProperties tls = new TlsProperties();

    @NestedConfigurationProperty
    private final InternalCaProperties internal = new InternalCaProperties();

    /**
     * Chain of CAs asked in turn when one cannot issue (unreachable, rate-limited, failing). Replaces the single-CA
     * settings (certmagic.ca, certmagic.acme.trusted-roots, .profile, .eab.*); setting both fails startup.
     */
    private List<IssuerProperties> issuers = new ArrayList<>();

    /**
     * Order in which the issuers of certmagic.issuers are asked: "first" (configured order, renewals go back to
     * the first) or "first-random" (a random order per attempt).
     */
    private IssuerPolicy issuerPolicy = IssuerPolicy.FIRST;

    /**
     * Certificates of your own (PEM) served alongside the managed ones; never renewed by certmagic.
     */
    private List<UnmanagedCertificateProperties> unmanaged = new ArrayList<>();

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

    public @Nullable String getEmail() {
        return email;
    }

    public void setEmail(@Nullable String email) {
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

    public boolean isReusePrivateKeys() {
        return reusePrivateKeys;
    }

    public void setReusePrivateKeys(boolean reusePrivateKeys) {
        this.reusePrivateKeys = reusePrivateKeys;
    }

    public int getCacheCapacity() {
        return cacheCapacity;
    }

    public void setCacheCapacity(int cacheCapacity) {
        this.cacheCapacity = cacheCapacity;
    }

    public @Nullable String getDefaultServerName() {
        return defaultServerName;
    }

    public void setDefaultServerName(@Nullable String defaultServerName) {
        this.defaultServerName = defaultServerName;
    }

    public AcmeProperties getAcme() {
        return acme;
    }

    public StorageProperties getStorage() {
        return storage;
    }

    public RenewalProperties getRenewal() {
        return renewal;
    }

    public ChallengeProperties getChallenges() {
        return challenges;
    }

    public HttpProperties getHttp() {
        return http;
    }

    public OnDemandProperties getOnDemand() {
        return onDemand;
    }

    public OcspProperties getOcsp() {
        return ocsp;
    }

    public DnsProperties getDns() {
        return dns;
    }

    public TlsProperties getTls() {
        return tls;
    }

    public InternalCaProperties getInternal() {
        return internal;
    }

    public List<IssuerProperties> getIssuers() {
        return issuers;
    }

    public void setIssuers(List<IssuerProperties> issuers) {
        this.issuers = issuers;
    }

    public IssuerPolicy getIssuerPolicy() {
        return issuerPolicy;
    }

    public void setIssuerPolicy(IssuerPolicy issuerPolicy) {
        this.issuerPolicy = issuerPolicy;
    }

    public List<UnmanagedCertificateProperties> getUnmanaged() {
        return unmanaged;
    }

    public void setUnmanaged(List<UnmanagedCertificateProperties> unmanaged) {
        this.unmanaged = unmanaged;
    }
}
