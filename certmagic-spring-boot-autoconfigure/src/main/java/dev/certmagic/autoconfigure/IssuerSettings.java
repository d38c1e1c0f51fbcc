package dev.certmagic.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.certmagic.certificate.KeyType;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * One CA of the issuer chain as resolved from {@code certmagic.*}: an entry of {@code certmagic.issuers}, or the
 * single-CA shorthand ({@code certmagic.ca}, {@code certmagic.acme.*}) as a chain of one. Each value remembers the
 * property it came from, so that startup failures name what the user wrote.
 *
 * @param ca the CA alias or directory URL; {@code null} when an entry left it out
 * @param caProperty the property that sets {@code ca}
 * @param email the account's contact, or {@code null}
 * @param agreed whether the CA's terms are accepted
 * @param agreedProperty the property that sets {@code agreed}
 * @param trustedRoots PEM resources trusted for the CA's HTTPS
 * @param profile the ACME profile, or {@code null}
 * @param eabKeyId the EAB key id, or {@code null}
 * @param eabHmacKey the EAB HMAC key, or {@code null}
 * @param acmePrefix the prefix of the trust, profile and EAB properties ({@code certmagic.acme} or
 *     {@code certmagic.issuers[i]})
 * @param keyType the key type of this CA's certificates, or {@code null} for {@code certmagic.key-type}
 */
record IssuerSettings(@Nullable String ca, String caProperty, @Nullable String email, boolean agreed,
        String agreedProperty, List<String> trustedRoots, @Nullable String profile, @Nullable String eabKeyId,
        @Nullable String eabHmacKey, String acmePrefix, @Nullable KeyType keyType) {

    /** The single-CA properties that {@code certmagic.issuers} replaces: setting both is ambiguous. */
    static final List<String> SHORTHAND_PROPERTIES = List.of("certmagic.ca", "certmagic.acme.trusted-roots",
            "certmagic.acme.profile", "certmagic.acme.eab.key-id", "certmagic.acme.eab.hmac-key");

    /** The chain the properties describe, preferred CA first. */
    static List<IssuerSettings> of(CertMagicProperties properties) {
        if (properties.getIssuers().isEmpty()) {
            AcmeProperties acme = properties.getAcme();
            return List.of(new IssuerSettings(properties.getCa(), "certmagic.ca", properties.getEmail(),
                    properties.isAgreed(), "certmagic.agreed", acme.getTrustedRoots(), acme.getProfile(),
                    acme.getEab().getKeyId(), acme.getEab().getHmacKey(), "certmagic.acme", null));
        }
        List<IssuerSettings> chain = new ArrayList<>();
        for (int i = 0; i < properties.getIssuers().size(); i++) {
            IssuerProperties entry = properties.getIssuers().get(i);
            String prefix = "certmagic.issuers[" + i + "]";
            String email = entry.getEmail() != null ? entry.getEmail() : properties.getEmail();
            boolean agreed = entry.getAgreed() != null ? entry.getAgreed() : properties.isAgreed();
            chain.add(new IssuerSettings(entry.getCa(), prefix + ".ca", email, agreed,
                    entry.getAgreed() != null ? prefix + ".agreed" : "certmagic.agreed", entry.getTrustedRoots(),
                    entry.getProfile(), entry.getEab().getKeyId(), entry.getEab().getHmacKey(), prefix,
                    entry.getKeyType()));
        }
        return List.copyOf(chain);
    }

    /**
     * The single-CA property set together with {@code certmagic.issuers}, if any: the two would describe two
     * different CAs for one manager.
     */
    static @Nullable String shorthandBesideChain(CertMagicProperties properties, Environment environment) {
        if (properties.getIssuers().isEmpty()) {
            return null;
        }
        Binder binder = Binder.get(environment);
        for (String name : SHORTHAND_PROPERTIES) {
            if (binder.bind(name, Bindable.listOf(String.class)).isBound()) {
                return name;
            }
        }
        return null;
    }
}
