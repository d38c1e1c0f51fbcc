package dev.certmagic.certificate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Reads and writes certificate chains and private keys in PEM, the format of every file this project stores.
 * Private keys are written as PKCS#8 ({@code PRIVATE KEY}); PKCS#1 RSA and SEC1 EC keys are read too, so that
 * users can hand over keys made by other tools.
 */
public final class PemCodec {

    private PemCodec() {
    }

    /**
     * Parses every certificate in a PEM text, in order (leaf first, as CAs send them).
     *
     * @param pem the PEM bytes
     * @return the certificates; never empty
     * @throws IllegalArgumentException if the text holds no certificate or a malformed one
     */
    public static List<X509Certificate> readCertificates(byte[] pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>();
            for (var certificate : factory.generateCertificates(new ByteArrayInputStream(pem))) {
                chain.add((X509Certificate) certificate);
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("No certificate found in the PEM data");
            }
            return List.copyOf(chain);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("Malformed certificate in the PEM data: " + e.getMessage(), e);
        }
    }

    /**
     * Parses the first private key in a PEM text: PKCS#8, PKCS#1 RSA or SEC1 EC. Encrypted keys are refused.
     *
     * @param pem the PEM bytes
     * @return the private key
     * @throws IllegalArgumentException if the text holds no private key, an encrypted one or a malformed one
     */
    public static PrivateKey readPrivateKey(byte[] pem) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        // Go CertMagic writes Ed25519 keys as PKCS#8 under the label "ED25519 PRIVATE KEY", which no parser knows.
        String text = new String(pem, StandardCharsets.US_ASCII).replace("ED25519 PRIVATE KEY", "PRIVATE KEY");
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    // Only the private half: a SEC1 key may omit its public key, which getKeyPair cannot handle.
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (IOException e) {
            // Deliberately not the exception's message: it could quote key material.
            throw new IllegalArgumentException("Malformed private key in the PEM data", e);
        }
        throw new IllegalArgumentException(
                "No unencrypted private key found in the PEM data (expected PRIVATE KEY, RSA PRIVATE KEY "
                        + "or EC PRIVATE KEY)");
    }

    /**
     * Writes certificates as consecutive PEM blocks.
     *
     * @param chain the certificates, leaf first
     * @return the PEM bytes (ASCII)
     */
    public static byte[] writeCertificates(List<X509Certificate> chain) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : chain) {
                writer.writeObject(certificate);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Writes a private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}).
     *
     * @param key the private key
     * @return the PEM bytes (ASCII)
     */
    public static byte[] writePrivateKey(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
