package dev.certmagic.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.util.List;

import dev.certmagic.issuance.IssuanceException;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUserActionRequiredException;
import org.shredzone.acme4j.toolbox.JSON;

class AcmeErrorsTest {

    @Test
    void aRateLimitIsRetryableAndCarriesTheCasRetryAfter() throws Exception {
        Instant retryAfter = Instant.parse("2026-05-01T00:00:00Z");
        IssuanceException e = AcmeErrors.translate("Obtaining", new AcmeRateLimitedException(
                problem("rateLimited", "too many certificates"), retryAfter, List.of()));

        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).contains(retryAfter);
        assertThat(e).hasMessageContaining("too many certificates");
    }

    @Test
    void termsToAcceptStopAtOnceNamingTheSettingAndTheTerms() throws Exception {
        IssuanceException e = AcmeErrors.translate("Obtaining", new AcmeUserActionRequiredException(
                problem("userActionRequired", "new terms"), URI.create("https://ca.example/terms-v2")));

        assertThat(e.retryable()).isFalse();
        assertThat(e).hasMessageContaining("https://ca.example/terms-v2").hasMessageContaining("agreed(true)");
    }

    @Test
    void anUnauthorizedIdentifierOrInvalidProfileStopsAtOnce() throws Exception {
        assertThat(AcmeErrors.translate("x", new AcmeServerException(problem("rejectedIdentifier", "no")))
                .retryable()).isFalse();
        assertThat(AcmeErrors.translate("x", new AcmeServerException(problem("unauthorized", "no")))
                .retryable()).isFalse();
        assertThat(AcmeErrors.translate("x", new AcmeServerException(problem("invalidProfile", "no")))
                .retryable()).isFalse();
    }

    @Test
    void serverErrorsAndNetworkFailuresAreRetryable() throws Exception {
        assertThat(AcmeErrors.translate("x", new AcmeServerException(problem("serverInternal", "oops")))
                .retryable()).isTrue();
        assertThat(AcmeErrors.translate("x", new AcmeNetworkException(new IOException("refused")))
                .retryable()).isTrue();
    }

    @Test
    void aMissingAccountIsRecognized() throws Exception {
        assertThat(AcmeErrors.isAccountDoesNotExist(new AcmeServerException(problem("accountDoesNotExist", "?"))))
                .isTrue();
        assertThat(AcmeErrors.isAccountDoesNotExist(new AcmeServerException(problem("unauthorized", "?"))))
                .isFalse();
    }

    @Test
    void pollingPausesGrowByHalfUpToTheCap() {
        AcmePolling polling = new AcmePolling(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(2),
                java.time.Clock.systemUTC());
        java.util.List<Long> pauses = new java.util.ArrayList<>();
        java.time.Duration pause = java.time.Duration.ofMillis(100);
        for (int i = 0; i < 10; i++) {
            pauses.add(pause.toMillis());
            pause = polling.next(pause);
        }

        assertThat(pauses).containsExactly(100L, 150L, 225L, 337L, 506L, 759L, 1139L, 1708L, 2000L, 2000L);
    }

    @Test
    void pollingHonoursALaterRetryAfterAndKeepsItsOwnIntervalOtherwise() {
        Instant now = Instant.parse("2026-05-01T00:00:00Z");
        AcmePolling polling = new AcmePolling(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(2),
                java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));

        assertThat(polling.pauseBefore(java.util.Optional.of(now.plusSeconds(5)), java.time.Duration.ofMillis(100)))
                .isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(polling.pauseBefore(java.util.Optional.of(now.minusSeconds(5)), java.time.Duration.ofMillis(100)))
                .isEqualTo(java.time.Duration.ofMillis(100));
        assertThat(polling.pauseBefore(java.util.Optional.empty(), java.time.Duration.ofMillis(400)))
                .isEqualTo(java.time.Duration.ofMillis(400));
    }

    private static Problem problem(String type, String detail) throws Exception {
        return new Problem(JSON.parse("{\"type\":\"urn:ietf:params:acme:error:" + type + "\",\"detail\":\"" + detail
                + "\"}"), new URL("https://ca.example/acme/"));
    }
}
