package dev.certmagic.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;

import dev.certmagic.certificate.PemCodec;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Reads {@code certmagic.acme.account-key} the way Spring Boot reads the PEM of an SSL bundle: text that holds a
 * PEM block is the key itself, anything else is a resource location ({@code file:}, {@code classpath:}). A key that
 * cannot be read fails startup naming the property; no message ever holds the key's text, since the property may
 * be the key itself.
 */
final class AccountKeyResource {

    private static final String PROPERTY = "certmagic.acme.account-key";

    private AccountKeyResource() {
    }

    /**
     * Loads the key.
     *
     * @param value the property's value: PEM content or a resource location
     * @param resources resolves locations
     * @return the private key
     * @throws CertMagicConfigurationException if it is not a readable, unencrypted PEM private key
     */
    static PrivateKey load(String value, ResourceLoader resources) {
        boolean inline = value.contains("-----BEGIN");
        String where = inline ? "The PEM content of " + PROPERTY : PROPERTY + " '" + value.strip() + "'";
        byte[] pem;
        if (inline) {
            pem = value.getBytes(StandardCharsets.US_ASCII);
        } else {
            Resource resource = resources.getResource(value.strip());
            try (InputStream in = resource.getInputStream()) {
                pem = in.readAllBytes();
            } catch (IOException e) {
                throw new CertMagicConfigurationException(where + " cannot be read (" + e.getClass().getSimpleName()
                        + ").", "Point " + PROPERTY + " at a readable PEM file (file:/path/account.pem or "
                        + "classpath:account.pem), or set it to the PEM text of the key.");
            }
        }
        try {
            return PemCodec.readPrivateKey(pem);
        } catch (RuntimeException e) {
            // The cause's message is left out: a parser may quote the input, which is a secret.
            throw new CertMagicConfigurationException(where + " holds no readable private key.",
                    "Set " + PROPERTY + " to an unencrypted PEM private key (\"-----BEGIN PRIVATE KEY-----\", "
                            + "\"EC PRIVATE KEY\" or \"RSA PRIVATE KEY\"): RSA of 2048 bits or more, or EC P-256 or "
                            + "P-384.");
        }
    }
}
