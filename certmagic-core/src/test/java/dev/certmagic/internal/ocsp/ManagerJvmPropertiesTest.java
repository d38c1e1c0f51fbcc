package dev.certmagic.internal.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.certmagic.CertificateManager;
import dev.certmagic.issuance.MemoryStorage;
import dev.certmagic.tls.TlsDefaults;

/**
 * The JVM-wide {@code jdk.tls.*} properties a manager sets for its TLS context are put back when it closes: to
 * their previous values, or cleared when they were unset. The test saves and restores them itself, so that it
 * leaves this (shared) test JVM as it found it whatever happens.
 */
class ManagerJvmPropertiesTest {

    private static final List<String> PROPERTIES = List.of(TlsDefaults.SERVER_SESSION_TICKETS,
            OcspMaintenance.ENABLE_STATUS_REQUEST, OcspMaintenance.RESPONDER_OVERRIDE, OcspMaintenance.RESPONDER_URI);

    private final Map<String, String> before = new HashMap<>();

    @BeforeEach
    void save() {
        PROPERTIES.forEach(name -> before.put(name, System.getProperty(name)));
        PROPERTIES.forEach(System::clearProperty);
    }

    @AfterEach
    void putBack() {
        before.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @Test
    void propertiesThatWereUnsetAreClearedAgainWhenTheManagerCloses() {
        try (CertificateManager manager = stapling()) {
            manager.sslContext();

            assertThat(System.getProperty(TlsDefaults.SERVER_SESSION_TICKETS)).isEqualTo("false");
            assertThat(System.getProperty(OcspMaintenance.ENABLE_STATUS_REQUEST)).isEqualTo("true");
            assertThat(System.getProperty(OcspMaintenance.RESPONDER_OVERRIDE)).isEqualTo("true");
            assertThat(System.getProperty(OcspMaintenance.RESPONDER_URI)).startsWith("http://127.0.0.1:");
        }

        PROPERTIES.forEach(name -> assertThat(System.getProperty(name)).as(name).isNull());
    }

    @Test
    void propertiesThatHadValuesGetThemBackAndTheOperatorsTicketSettingIsNeverTouched() {
        System.setProperty(TlsDefaults.SERVER_SESSION_TICKETS, "true");
        System.setProperty(OcspMaintenance.ENABLE_STATUS_REQUEST, "false");
        System.setProperty(OcspMaintenance.RESPONDER_URI, "http://ocsp.operator.example/");

        try (CertificateManager manager = stapling()) {
            manager.sslContext();

            assertThat(System.getProperty(TlsDefaults.SERVER_SESSION_TICKETS)).isEqualTo("true");
            assertThat(System.getProperty(OcspMaintenance.RESPONDER_URI)).startsWith("http://127.0.0.1:");
        }

        assertThat(System.getProperty(TlsDefaults.SERVER_SESSION_TICKETS)).isEqualTo("true");
        assertThat(System.getProperty(OcspMaintenance.ENABLE_STATUS_REQUEST)).isEqualTo("false");
        assertThat(System.getProperty(OcspMaintenance.RESPONDER_OVERRIDE)).isNull();
        assertThat(System.getProperty(OcspMaintenance.RESPONDER_URI)).isEqualTo("http://ocsp.operator.example/");
    }

    @Test
    void withoutStaplingOnlyTheTicketPropertyIsSetAndCleared() {
        try (CertificateManager manager = CertificateManager.builder().storage(new MemoryStorage()).build()) {
            manager.sslContext();

            assertThat(System.getProperty(TlsDefaults.SERVER_SESSION_TICKETS)).isEqualTo("false");
            assertThat(System.getProperty(OcspMaintenance.RESPONDER_URI)).isNull();
        }

        assertThat(System.getProperty(TlsDefaults.SERVER_SESSION_TICKETS)).isNull();
    }

    @Test
    void aValueSomeoneElseSetAfterTheManagerIsLeftAlone() {
        try (CertificateManager manager = stapling()) {
            manager.sslContext();
            System.setProperty(OcspMaintenance.RESPONDER_URI, "http://changed.later.example/");
        }

        assertThat(System.getProperty(OcspMaintenance.RESPONDER_URI)).isEqualTo("http://changed.later.example/");
        assertThat(System.getProperty(OcspMaintenance.RESPONDER_OVERRIDE)).isNull();
    }

    private static CertificateManager stapling() {
        return CertificateManager.builder().storage(new MemoryStorage()).ocspStapling(true).build();
    }
}
