package dev.certmagic.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import dev.certmagic.event.OnDemandDecisionEvent;
import dev.certmagic.ondemand.OnDemandVerdict;

/**
 * What the sample's event log writes at its default level (INFO) through a real Logback logger.
 */
class CertificateEventLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(CertificateEventLog.class);
    private final ListAppender<ILoggingEvent> written = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void attach() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.INFO);
        written.start();
        logger.addAppender(written);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(written);
        logger.setLevel(levelBefore);
    }

    @Test
    void refusedOnDemandHandshakesWriteNothingAtInfo() {
        CertificateEventLog log = new CertificateEventLog();
        for (int i = 0; i < 100; i++) {
            log.on(new OnDemandDecisionEvent(List.of("f" + i + ".fresh.example"), OnDemandVerdict.TOO_MANY_IN_FLIGHT,
                    Instant.now()));
            log.on(new OnDemandDecisionEvent(List.of(), OnDemandVerdict.DENIED_HOSTILE_NAME, Instant.now()));
        }

        assertThat(written.list).isEmpty();
    }

    @Test
    void allowedOnDemandNamesAreStillLoggedAtInfo() {
        new CertificateEventLog().on(new OnDemandDecisionEvent(List.of("shop.example"), OnDemandVerdict.ALLOWED,
                Instant.now()));

        assertThat(written.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getFormattedMessage()).contains("OnDemandDecisionEvent", "shop.example");
        });
    }
}
