package dev.certmagic.internal.issuance;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.certmagic.certificate.RenewalWindow;
import dev.certmagic.issuance.SuggestedRenewal;
import org.shredzone.acme4j.toolbox.JSON;
import org.shredzone.acme4j.toolbox.JSONBuilder;

/**
 * A site's metadata file ({@code <name>.json}) in Go CertMagic's format, {@code CertificateResource}:
 * {@code {"sans":[…],"issuer_data":{…}}}. What only this project needs (the chain's SHA-256, the key type, the
 * CA's renewal suggestion) sits in a sibling object {@code "certmagic_java"}, which CertMagic's JSON decoding
 * ignores. Files written by earlier versions of this project ({@code {"names":[…],"certificateSha256":…}}) are
 * read too.
 *
 * @param sans the names, primary first
 * @param issuerData the issuer's opaque data as CertMagic keeps it ({@code null} when absent); kept verbatim
 * @param chainSha256 hex SHA-256 of the chain PEM this metadata describes, or {@code null} when the writer
 *        (Go CertMagic) records none
 * @param keyType the key type name, or {@code null}
 * @param renewalInfo the CA's renewal suggestion, or {@code null}
 */
record CertificateMetadata(List<String> sans, Map<String, Object> issuerData, String chainSha256, String keyType,
        SuggestedRenewal renewalInfo) {

    /** The sibling object CertMagic ignores. */
    static final String EXTRAS = "certmagic_java";

    CertificateMetadata {
        sans = List.copyOf(sans);
    }

    /**
     * Returns a copy with another renewal suggestion.
     *
     * @param info the suggestion, or {@code null}
     * @return the copy
     */
    CertificateMetadata withRenewalInfo(SuggestedRenewal info) {
        return new CertificateMetadata(sans, issuerData, chainSha256, keyType, info);
    }

    /**
     * Encodes the metadata as CertMagic's {@code CertificateResource} JSON.
     *
     * @param stored when it is written
     * @param notAfter the leaf's expiry, recorded for people reading the file
     * @return UTF-8 JSON
     */
    byte[] encode(Instant stored, Instant notAfter) {
        JSONBuilder json = new JSONBuilder().array("sans", sans);
        if (issuerData != null && !issuerData.isEmpty()) {
            JSONBuilder data = json.object("issuer_data");
            issuerData.forEach(data::put);
        }
        JSONBuilder extras = json.object(EXTRAS);
        if (chainSha256 != null) {
            extras.put("certificateSha256", chainSha256);
        }
        if (keyType != null) {
            extras.put("keyType", keyType);
        }
        extras.put("notAfter", notAfter).put("stored", stored);
        if (renewalInfo != null) {
            extras.object("ari")
                    .put("start", renewalInfo.window().start())
                    .put("end", renewalInfo.window().end())
                    .put("nextCheck", renewalInfo.nextCheck());
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes CertMagic's format, or the format of earlier versions of this project.
     *
     * @param bytes the file's content
     * @return the metadata
     * @throws RuntimeException if the content is not JSON or names no SANs
     */
    static CertificateMetadata decode(byte[] bytes) {
        JSON json = JSON.parse(new String(bytes, StandardCharsets.UTF_8));
        if (json.contains("sans")) {
            JSON extras = json.contains(EXTRAS) ? json.get(EXTRAS).asObject() : null;
            Map<String, Object> issuerData = json.contains("issuer_data")
                    ? json.get("issuer_data").asObject().toMap() : null;
            return new CertificateMetadata(strings(json, "sans"), issuerData,
                    extras != null && extras.contains("certificateSha256")
                            ? extras.get("certificateSha256").asString() : null,
                    extras != null && extras.contains("keyType") ? extras.get("keyType").asString() : null,
                    extras != null ? renewalInfo(extras) : null);
        }
        // Written by this project before it shared CertMagic's format.
        return new CertificateMetadata(strings(json, "names"), null, json.get("certificateSha256").asString(),
                json.contains("keyType") ? json.get("keyType").asString() : null, renewalInfo(json));
    }

    private static List<String> strings(JSON json, String field) {
        List<String> values = new ArrayList<>();
        json.get(field).asArray().forEach(v -> values.add(v.asString()));
        if (values.isEmpty()) {
            throw new IllegalArgumentException("metadata names no certificate names");
        }
        return values;
    }

    private static SuggestedRenewal renewalInfo(JSON holder) {
        if (!holder.contains("ari")) {
            return null;
        }
        try {
            JSON ari = holder.get("ari").asObject();
            return new SuggestedRenewal(new RenewalWindow(ari.get("start").asInstant(), ari.get("end").asInstant()),
                    ari.get("nextCheck").asInstant());
        } catch (RuntimeException damaged) {
            // A damaged suggestion only loses ARI; the certificate itself stays usable.
            return null;
        }
    }
}
