package dev.certmagic.internal.localca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import dev.certmagic.certificate.HostNames;

/**
 * Makes the certificates of a local CA with BouncyCastle: a self-signed root, an intermediate that the root signs,
 * and leaf certificates for DNS names and IP addresses that the intermediate signs. The shapes follow Caddy's
 * local authority (ECDSA P-256 CA keys, a path length of 0 below the intermediate, server and client
 * authentication for leaves).
 */
public final class LocalCertificates {

    /** Backdating of every certificate, for clients whose clock is a little behind. */
    static final java.time.Duration BACKDATE = java.time.Duration.ofMinutes(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalCertificates() {
    }

    /**
     * Makes a self-signed root.
     *
     * @param keys the root's key pair
     * @param commonName its common name
     * @param notBefore the start of its validity
     * @param notAfter the end of its validity
     * @return the root
     */
    public static X509Certificate root(KeyPair keys, String commonName, Instant notBefore, Instant notAfter) {
        X500Name subject = new X500Name("CN=" + commonName);
        return sign(ca(subject, subject, keys.getPublic(), notBefore, notAfter, null, -1), keys.getPrivate());
    }

    /**
     * Makes an intermediate signed by the root.
     *
     * @param keys the intermediate's key pair
     * @param commonName its common name
     * @param root the root that signs
     * @param rootKey the root's private key
     * @param notBefore the start of its validity
     * @param notAfter the end of its validity, clipped to the root's
     * @return the intermediate
     */
    public static X509Certificate intermediate(KeyPair keys, String commonName, X509Certificate root,
            PrivateKey rootKey, Instant notBefore, Instant notAfter) {
        Instant end = notAfter.isAfter(root.getNotAfter().toInstant()) ? root.getNotAfter().toInstant() : notAfter;
        return sign(ca(X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
                new X500Name("CN=" + commonName), keys.getPublic(), notBefore, end, root, 0), rootKey);
    }

    /**
     * Makes a leaf certificate for names (DNS names as {@code dNSName}, IP addresses as {@code iPAddress}).
     *
     * @param publicKey the key the certificate is for (from the CSR)
     * @param names the names, primary first
     * @param authority the CA that signs
     * @param notBefore the start of its validity
     * @param notAfter the end of its validity, clipped to the intermediate's
     * @return the leaf
     */
    public static X509Certificate leaf(PublicKey publicKey, List<String> names, LocalAuthority authority,
            Instant notBefore, Instant notAfter) {
        X509Certificate issuer = authority.intermediate();
        Instant end = notAfter.isAfter(issuer.getNotAfter().toInstant()) ? issuer.getNotAfter().toInstant()
                : notAfter;
        try {
            X500Name subject = names.get(0).length() <= 64 && !HostNames.isIpAddress(names.get(0))
                    ? new X500Name("CN=" + names.get(0)) : new X500Name(new org.bouncycastle.asn1.x500.RDN[0]);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), serial(),
                    Date.from(notBefore.minus(BACKDATE)), Date.from(end), subject, publicKey);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                    | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(issuer));
            // An empty subject needs the names extension marked critical (RFC 5280, 4.2.1.6).
            builder.addExtension(Extension.subjectAlternativeName, subject.getRDNs().length == 0,
                    new GeneralNames(names.stream().map(LocalCertificates::generalName)
                            .toArray(GeneralName[]::new)));
            return sign(builder, authority.intermediateKey());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Could not make a local certificate for " + names, e);
        }
    }

    /** A name as the SAN entry a client matches it against: IP literals as addresses, never as DNS names. */
    static GeneralName generalName(String name) {
        if (!HostNames.isIpAddress(name)) {
            return new GeneralName(GeneralName.dNSName, name);
        }
        String literal = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        // BouncyCastle parses the literal itself: no resolver is involved.
        return new GeneralName(GeneralName.iPAddress, literal);
    }

    private static X509v3CertificateBuilder ca(X500Name issuer, X500Name subject, PublicKey publicKey,
            Instant notBefore, Instant notAfter, X509Certificate signer, int pathLength) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                    Date.from(notBefore.minus(BACKDATE)), Date.from(notAfter), subject, publicKey);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, pathLength < 0 ? new BasicConstraints(true)
                    : new BasicConstraints(pathLength));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
                    | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey));
            if (signer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(signer));
            }
            return builder;
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Could not make a local CA certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            String algorithm = "EC".equals(key.getAlgorithm()) || "ECDSA".equals(key.getAlgorithm())
                    ? "SHA256withECDSA" : "SHA256withRSA";
            ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign a local certificate", e);
        }
    }

    /** A random positive 128-bit serial number, as RFC 5280 allows (at most 20 octets). */
    private static BigInteger serial() {
        return new BigInteger(128, RANDOM).setBit(127);
    }
}
