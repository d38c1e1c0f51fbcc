package dev.certmagic.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.certmagic.certificate.KeyType;

/**
 * One CA of the issuer chain ({@code certmagic.issuers[i].*}): the settings of the single-CA shorthand
 * ({@code certmagic.ca}, {@code certmagic.email}, {@code certmagic.agreed}, {@code certmagic.acme.*}) for one
 * entry. The network limits ({@code certmagic.acme.response-timeout}, {@code .max-response-size}) apply to every
 * entry.
 */
public class IssuerProperties {

    /**
     * CA of this entry: "letsencrypt", "letsencrypt-staging", "zerossl", the URL of any ACME directory, or
     * "internal" (the local CA, see certmagic.internal).
     */
    private @Nullable String ca;

    /**
     * Contact email for this CA's ACME account; certmagic.email when unset.
     */
    private @Nullable String email;

    /**
     * Whether you agree to this CA's terms of service; certmagic.agreed when unset.
     */
    private @Nullable Boolean agreed;

    /**
     * PEM resources trusted for this CA's own HTTPS endpoint; empty means the JVM's trust store.
     */
    private List<String> trustedRoots = new ArrayList<>();

    /**
     * ACME profile to request from this CA (draft-ietf-acme-profiles), when it offers profiles.
     */
    private @Nullable String profile;

    /**
     * Private key type of this CA's certificates; certmagic.key-type when unset.
     */
    private @Nullable KeyType keyType;

    private final AcmeProperties.Eab eab = new AcmeProperties.Eab();

    public @Nullable KeyType getKeyType() {
        return keyType;
    }

    public void setKeyType(@Nullable KeyType keyType) {
        this.keyType = keyType;
    }

    public @Nullable String getCa() {
        return ca;
    }

    public void setCa(@Nullable String ca) {
        this.ca = ca;
    }

    public @Nullable String getEmail() {
        return email;
    }

    public void setEmail(@Nullable String email) {
        this.email = email;
    }

    public @Nullable Boolean getAgreed() {
        return agreed;
    }

    public void setAgreed(@Nullable Boolean agreed) {
        this.agreed = agreed;
    }

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

    public AcmeProperties.Eab getEab() {
        return eab;
    }
}
