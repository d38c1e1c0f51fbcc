package dev.certmagic.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * A certificate of your own, in PEM ({@code certmagic.unmanaged[i].*}); served, never renewed.
 */
public class UnmanagedCertificateProperties {

    /**
     * Location of the PEM certificate chain, leaf first.
     */
    private @Nullable String certificate;

    /**
     * Location of the PEM private key.
     */
    private @Nullable String privateKey;

    public @Nullable String getCertificate() {
        return certificate;
    }

    public void setCertificate(@Nullable String certificate) {
        this.certificate = certificate;
    }

    public @Nullable String getPrivateKey() {
        return privateKey;
    }

    public void setPrivateKey(@Nullable String privateKey) {
        this.privateKey = privateKey;
    }
}
