package dev.certmagic.autoconfigure;

/**
 * A certificate of your own, in PEM ({@code certmagic.unmanaged[i].*}); served, never renewed.
 */
public class UnmanagedCertificateProperties {

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
