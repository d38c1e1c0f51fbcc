package dev.certmagic.acme.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.challenge.PendingChallenge;
import dev.certmagic.issuance.MemoryStorage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Http01ResponderTest {

    private static final String TOKEN = "tok_EN-123abc";
    private static final String PATH = "/.well-known/acme-challenge/" + TOKEN;

    private final MemoryStorage.Shared shared = new MemoryStorage.Shared();
    private final ChallengeStore store = new ChallengeStore(new MemoryStorage(shared), "test-ca");
    private final Http01Responder responder = new Http01Responder(store);

    @BeforeEach
    void publishChallenges() throws Exception {
        store.put(PendingChallenge.http01("a.example.com", TOKEN, TOKEN + ".thumbprint"));
        store.put(PendingChallenge.http01("b.example.com", "other-token", "other-token.thumbprint"));
    }

    @Test
    void aGetForThePendingNameAndExactTokenIsAnsweredWhateverThePort() {
        assertThat(responder.respond("GET", "a.example.com", PATH)).contains(TOKEN + ".thumbprint");
        assertThat(responder.respond("GET", "A.Example.COM:8080", PATH)).contains(TOKEN + ".thumbprint");
        assertThat(responder.respond("GET", "a.example.com.", PATH)).contains(TOKEN + ".thumbprint");
    }

    @Test
    void aWrongHostGetsNothing() {
        assertThat(responder.respond("GET", "c.example.com", PATH)).isEmpty();
        assertThat(responder.respond("GET", "evil.a.example.com", PATH)).isEmpty();
        assertThat(responder.respond("GET", "a.example.com/../b", PATH)).isEmpty();
        assertThat(responder.respond("GET", "", PATH)).isEmpty();
        assertThat(responder.respond("GET", null, PATH)).isEmpty();
    }

    @Test
    void anyMethodButGetGetsNothing() {
        assertThat(responder.respond("POST", "a.example.com", PATH)).isEmpty();
        assertThat(responder.respond("PUT", "a.example.com", PATH)).isEmpty();
        assertThat(responder.respond("get", "a.example.com", PATH)).isEmpty();
    }

    @Test
    void aPrefixExtensionOrMangledTokenGetsNothing() {
        assertThat(responder.respond("GET", "a.example.com", PATH.substring(0, PATH.length() - 1))).isEmpty();
        assertThat(responder.respond("GET", "a.example.com", PATH + "x")).isEmpty();
        assertThat(responder.respond("GET", "a.example.com", PATH + "/")).isEmpty();
        assertThat(responder.respond("GET", "a.example.com", "/.well-known/acme-challenge/")).isEmpty();
        assertThat(responder.respond("GET", "a.example.com", "/.well-known/acme-challenge/../" + TOKEN)).isEmpty();
        assertThat(responder.respond("GET", "a.example.com", "/x" + PATH)).isEmpty();
    }

    @Test
    void anotherNamesTokenGetsNothing() {
        assertThat(responder.respond("GET", "a.example.com", "/.well-known/acme-challenge/other-token")).isEmpty();
        assertThat(responder.respond("GET", "b.example.com", PATH)).isEmpty();
    }

    @Test
    void aChallengePublishedByAnotherInstanceIsAnsweredThroughStorage() throws Exception {
        Http01Responder other = new Http01Responder(new ChallengeStore(new MemoryStorage(shared), "test-ca"));

        assertThat(other.respond("GET", "a.example.com", PATH)).contains(TOKEN + ".thumbprint");

        store.remove("a.example.com");
        assertThat(other.respond("GET", "a.example.com", PATH)).isEmpty();
    }
}
