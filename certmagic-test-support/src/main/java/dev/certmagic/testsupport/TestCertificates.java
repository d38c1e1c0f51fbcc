package dev.certmagic.testsupport;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds certificates for tests in code, so that no test depends on a committed keystore that expires one day.
 * Modelled on OkHttp's {@code HeldCertificate}: {@code TestCertificates.root("Test Root").build()} makes a CA,
 * {@code TestCertificates.leaf("example.com").signedBy(root).build()} a server certificate.
 *
 * <p>Keys are fresh EC P-256 pairs unless {@link Builder#rsa(int)} asks for RSA or {@link Builder#keyPair(KeyPair)}
 * supplies one (see {@link TestKeys}). Validity starts one minute in the past (so a slightly skewed clock accepts
 * it) and lasts one day unless set. A leaf that is not {@linkplain Builder#signedBy(Held) signed by} a CA is
 * self-signed, as a TLS-ALPN-01 challenge certificate is.
 */
public final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {
    }

    /**
     * Starts a self-signed certificate authority.
     *
     * @param commonName the CA's subject common name
     * @return a builder
     */
    public static Builder root(String commonName) {
        return new Builder(commonName, List.of(), true);
    }

    /**
     * Starts a leaf (end-entity) certificate whose names are DNS names or IP literals; the first is also the
     * subject common name.
     *
     * @param names one or more DNS names or IP literals
     * @return a builder
     */
    public static Builder leaf(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("A leaf certificate needs at least one name");
        }
        return new Builder(names[0], List.of(names), false);
    }

    /**
     * A certificate with its private key and the chain up to (not including) a root.
     *
     * @param keyPair the certificate's key pair
     * @param certificate the certificate
     * @param issuer the issuer that signed it, or {@code null} for a self-signed one
     */
    public record Held(KeyPair keyPair, X509Certificate certificate, Held issuer) {

        /**
         * Returns the private key.
         *
         * @return the private key
         */
        public PrivateKey privateKey() {
            return keyPair.getPrivate();
        }

        /**
         * Returns the chain a server sends: this certificate, then its issuers up to (and including) the root.
         *
         * @return the chain, leaf first
         */
        public List<X509Certificate> chain() {
            List<X509Certificate> chain = new ArrayList<>();
            for (Held h = this; h != null; h = h.issuer) {
                chain.add(h.certificate);
            }
            return List.copyOf(chain);
        }
    }

    /**
     * Chooses names, validity, key type and issuer of one test certificate.
     */
    public static final class Builder {

        private final String commonName;
        private final List<String> names;
        private final boolean ca;
        private Instant notBefore;
        private Duration validity = Duration.ofDays(1);
        private Instant notAfter;
        private int rsaBits;
        private KeyPair keyPair;
        private Held issuer;

        private Builder(String commonName, List<String> names, boolean ca) {
            this.commonName = Objects.requireNonNull(commonName, "commonName");
            this.names = names;
            this.ca = ca;
        }

        /**
         * Sets when the certificate becomes valid.
         *
         * @param notBefore the start of validity
         * @return this builder
         */
        public Builder notBefore(Instant notBefore) {
            this.notBefore = notBefore;
            return this;
        }

        /**
         * Sets how long the certificate is valid from its start.
         *
         * @param validity the lifetime
         * @return this builder
         */
        public Builder validity(Duration validity) {
            this.validity = validity;
            return this;
        }

        /**
         * Sets when the certificate stops being valid, instead of a {@linkplain #validity(Duration) lifetime}.
         *
         * @param notAfter the end of validity
         * @return this builder
         */
        public Builder notAfter(Instant notAfter) {
            this.notAfter = notAfter;
            return this;
        }

        /**
         * Certifies the given key pair instead of generating one, for tests that compare keys or reuse one key
         * across several certificates.
         *
         * @param keyPair the subject's key pair, EC or RSA
         * @return this builder
         */
        public Builder keyPair(KeyPair keyPair) {
            this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
            return this;
        }

        /**
         * Uses an RSA key of the given size instead of EC P-256.
         *
         * @param bits the modulus size, e.g. 2048
         * @return this builder
         */
        public Builder rsa(int bits) {
            this.rsaBits = bits;
            return this;
        }

        /**
         * Has the certificate signed by {@code issuer} instead of by itself.
         *
         * @param issuer a CA built by this class
         * @return this builder
         */
        public Builder signedBy(Held issuer) {
            this.issuer = issuer;
            return this;
        }

        /**
         * Generates the key and the certificate.
         *
         * @return the certificate with its key
         */
        public Held build() {
            try {
                KeyPair keyPair = this.keyPair != null ? this.keyPair
                        : rsaBits > 0 ? TestKeys.rsa(rsaBits) : TestKeys.ec();
                Instant start = notBefore != null ? notBefore : Instant.now().minus(Duration.ofMinutes(1));
                Instant end = notAfter != null ? notAfter : start.plus(validity);
                X500Name subject = new X500Name("CN=" + commonName);
                X500Name issuerName = issuer != null
                        ? new X500Name(issuer.certificate().getSubjectX500Principal().getName())
                        : subject;
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                        new BigInteger(64, RANDOM).abs().add(BigInteger.ONE), Date.from(start),
                        Date.from(end), subject, keyPair.getPublic());
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                builder.addExtension(Extension.subjectKeyIdentifier, false,
                        utils.createSubjectKeyIdentifier(keyPair.getPublic()));
                if (issuer != null) {
                    builder.addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(issuer.certificate()));
                }
                if (ca) {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                } else {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                    builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames());
                }
                PrivateKey signingKey = issuer != null ? issuer.privateKey() : keyPair.getPrivate();
                String algorithm = signingKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                X509Certificate certificate = new JcaX509CertificateConverter()
                        .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signingKey)));
                return new Held(keyPair, certificate, issuer);
            } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
                throw new IllegalStateException("Could not build the test certificate for " + commonName, e);
            }
        }

        private GeneralNames subjectAltNames() throws UnknownHostException {
            List<GeneralName> entries = new ArrayList<>();
            for (String name : names) {
                if (isIpLiteral(name)) {
                    entries.add(new GeneralName(GeneralName.iPAddress,
                            InetAddress.getByName(name).getHostAddress()));
                } else {
                    entries.add(new GeneralName(GeneralName.dNSName, name));
                }
            }
            return new GeneralNames(entries.toArray(GeneralName[]::new));
        }

        private static boolean isIpLiteral(String name) {
            return name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        }
    }
}
