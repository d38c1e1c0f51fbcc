package dev.certmagic.acme.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.challenge.PendingChallenge;
import dev.certmagic.issuance.MemoryStorage;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.tls.ChallengeCertificate;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * The shared challenge file is Go CertMagic's: {@code acme/<issuer>/challenge_tokens/<name>.json} holding the JSON
 * of acmez's {@code acme.Challenge}. What we write carries every field CertMagic's HTTP handler and TLS handshake
 * read; what CertMagic v0.17 (Caddy 2.6) writes is answered by our HTTP-01 responder and TLS-ALPN-01 key manager.
 * The files below are byte for byte what {@code json.Marshal(acme.Challenge)} produces.
 */
class ChallengeStoreCertMagicFormatTest {

    private static final String ISSUER = "127.0.0.1-14000-dir";
    private static final String NAME = "app.example.com";
    private static final String ACME_IDENTIFIER_OID = "1.3.6.1.5.5.7.1.31";

    private final MemoryStorage.Shared shared = new MemoryStorage.Shared();
    private final Storage storage = new MemoryStorage(shared);
    private final ChallengeStore store = new ChallengeStore(storage, ISSUER);

    @Test
    void aPublishedHttp01ChallengeIsWrittenWhereAndAsCertMagicReadsIt() throws Exception {
        store.put(PendingChallenge.http01(NAME, "tok_1", "tok_1.thumb", "https://ca.test/chal/1"));

        JSON file = JSON.parse(new String(storage.load("acme/" + ISSUER + "/challenge_tokens/" + NAME + ".json"),
                StandardCharsets.UTF_8));
        assertThat(file.get("type").asString()).isEqualTo("http-01");
        assertThat(file.get("url").asString()).isEqualTo("https://ca.test/chal/1");
        assertThat(file.get("status").asString()).isEqualTo("pending");
        assertThat(file.get("token").asString()).isEqualTo("tok_1");
        assertThat(file.get("keyAuthorization").asString()).isEqualTo("tok_1.thumb");
        assertThat(file.get("identifier").asObject().get("type").asString()).isEqualTo("dns");
        assertThat(file.get("identifier").asObject().get("value").asString()).isEqualTo(NAME);

        store.remove(NAME);
        assertThat(storage.exists(StorageKeys.challengeTokens(ISSUER, NAME))).isFalse();
    }

    @Test
    void aTlsAlpn01ChallengeIsSharedAsItsKeyAuthorizationNotAsACertificate() throws Exception {
        ChallengeCertificate certificate = dev.certmagic.internal.challenge.TlsAlpnChallengeCertificates
                .create(NAME, "tok_2.thumb");
        store.put(PendingChallenge.tlsAlpn01("tok_2", "tok_2.thumb", "https://ca.test/chal/2", certificate));

        JSON file = JSON.parse(new String(storage.load(StorageKeys.challengeTokens(ISSUER, NAME)),
                StandardCharsets.UTF_8));
        assertThat(file.get("type").asString()).isEqualTo("tls-alpn-01");
        assertThat(file.get("keyAuthorization").asString()).isEqualTo("tok_2.thumb");
        assertThat(file.keySet()).doesNotContain("certificate", "key");
    }

    @Test
    void anHttp01ChallengeCertMagicWroteIsAnsweredByTheResponder() throws Exception {
        storage.store(StorageKeys.challengeTokens(ISSUER, NAME), ("{\"type\":\"http-01\",\"url\":"
                + "\"https://127.0.0.1:14000/chalZ/Yq3\",\"status\":\"pending\",\"token\":\"Tk-9_x\","
                + "\"keyAuthorization\":\"Tk-9_x.Thumb\",\"identifier\":{\"type\":\"dns\",\"value\":\"" + NAME
                + "\"}}").getBytes(StandardCharsets.UTF_8));

        Http01Responder responder = new Http01Responder(store);
        assertThat(responder.respond("GET", NAME + ":5002", Http01Responder.PATH_PREFIX + "Tk-9_x"))
                .contains("Tk-9_x.Thumb");
        assertThat(responder.respond("GET", NAME, Http01Responder.PATH_PREFIX + "other")).isEmpty();
        assertThat(responder.respond("GET", "other.example.com", Http01Responder.PATH_PREFIX + "Tk-9_x")).isEmpty();
    }

    @Test
    void aTlsAlpn01ChallengeCertMagicWroteGetsACertificateCarryingTheDigestOfItsKeyAuthorization()
            throws Exception {
        storage.store(StorageKeys.challengeTokens(ISSUER, NAME), ("{\"type\":\"tls-alpn-01\",\"url\":"
                + "\"https://127.0.0.1:14000/chalZ/Ab1\",\"status\":\"pending\",\"token\":\"Ab1tok\","
                + "\"keyAuthorization\":\"Ab1tok.Thumb\",\"identifier\":{\"type\":\"dns\",\"value\":\"" + NAME
                + "\"}}").getBytes(StandardCharsets.UTF_8));

        ChallengeCertificate answer = store.forName(NAME);

        assertThat(answer).isNotNull();
        X509Certificate certificate = answer.certificate();
        assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(2, NAME));
        assertThat(certificate.getCriticalExtensionOIDs()).contains(ACME_IDENTIFIER_OID);
        byte[] extension = certificate.getExtensionValue(ACME_IDENTIFIER_OID);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("Ab1tok.Thumb".getBytes(StandardCharsets.UTF_8));
        // DER: OCTET STRING (extnValue) wrapping OCTET STRING (32 bytes of SHA-256), RFC 8737 section 3.
        assertThat(Arrays.copyOfRange(extension, extension.length - 32, extension.length)).isEqualTo(digest);
        assertThat(extension).hasSize(36);
        certificate.verify(certificate.getPublicKey());
        assertThat(new Http01Responder(store).respond("GET", NAME, Http01Responder.PATH_PREFIX + "Ab1tok"))
                .as("a TLS-ALPN-01 challenge is not an HTTP-01 answer").isEmpty();
    }

    @Test
    void everyLookupOfAPeersTlsAlpn01ChallengeFindsTheSameCertificateUntilItsKeyAuthorizationChanges()
            throws Exception {
        // No miss memory here: every lookup reads storage. The key manager fetches chain and key by looking up
        // again and checks it found the very certificate it chose, so a rebuilt certificate would fail the handshake.
        String file = "{\"type\":\"tls-alpn-01\",\"keyAuthorization\":\"%s\",\"identifier\":{\"type\":\"dns\","
                + "\"value\":\"" + NAME + "\"}}";
        storage.store(StorageKeys.challengeTokens(ISSUER, NAME), file.formatted("k1.t").getBytes());

        ChallengeCertificate first = store.forName(NAME);
        assertThat(store.forName(NAME)).isSameAs(first);

        storage.store(StorageKeys.challengeTokens(ISSUER, NAME), file.formatted("k2.t").getBytes());
        ChallengeCertificate next = store.forName(NAME);
        assertThat(next).isNotSameAs(first);
        assertThat(next.certificate().getExtensionValue(ACME_IDENTIFIER_OID))
                .isNotEqualTo(first.certificate().getExtensionValue(ACME_IDENTIFIER_OID));

        storage.delete(StorageKeys.challengeTokens(ISSUER, NAME));
        assertThat(store.forName(NAME)).isNull();
    }

    @Test
    void challengesOfAnotherCaAnotherNameDns01AndBrokenFilesAreNotAnswered() throws Exception {
        String http = "{\"type\":\"http-01\",\"token\":\"t\",\"keyAuthorization\":\"t.k\",\"identifier\":"
                + "{\"type\":\"dns\",\"value\":\"%s\"}}";
        storage.store(StorageKeys.challengeTokens("other-ca", NAME), http.formatted(NAME).getBytes());
        assertThat(store.find(NAME)).as("another CA's folder").isEmpty();

        // StorageKeys.safe is lossy: a file under this name's key that names another identifier is not ours.
        storage.store(StorageKeys.challengeTokens(ISSUER, NAME), http.formatted("app.example.co.m").getBytes());
        assertThat(store.find(NAME)).as("another identifier").isEmpty();

        storage.store(StorageKeys.challengeTokens(ISSUER, NAME), ("{\"type\":\"dns-01\",\"token\":\"t\","
                + "\"keyAuthorization\":\"t.k\",\"identifier\":{\"type\":\"dns\",\"value\":\"" + NAME + "\"}}")
                .getBytes());
        assertThat(store.find(NAME)).as("dns-01").isEmpty();

        storage.store(StorageKeys.challengeTokens(ISSUER, NAME), "{\"type\":\"http-01\",".getBytes());
        assertThat(store.find(NAME)).as("truncated").isEmpty();

        // Earlier versions of this project wrote challenges/<name>.json: short-lived, deliberately not read.
        storage.store("challenges/" + NAME + ".json", http.formatted(NAME).getBytes());
        assertThat(store.find(NAME)).as("the old key").isEmpty();
    }
}
