package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code certmagic.storage.*} names: their defaults, their binding (relaxed, as users write them in YAML) and
 * their documentation in the generated metadata, since these names are public API.
 */
class StoragePropertiesTest {

    private static final List<String> NAMES = List.of("certmagic.storage.type", "certmagic.storage.path",
            "certmagic.storage.jdbc.url", "certmagic.storage.jdbc.username", "certmagic.storage.jdbc.password",
            "certmagic.storage.jdbc.initialize-schema", "certmagic.storage.jdbc.values-table",
            "certmagic.storage.jdbc.locks-table", "certmagic.storage.jdbc.lock-expiry",
            "certmagic.storage.jdbc.heartbeat-interval");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(CertMagicPropertiesTest.PropertiesConfiguration.class);

    @Test
    void defaultsKeepFilesAndDescribeTheDatabaseStorageOfTheJdbcModule() {
        runner.run(context -> {
            StorageProperties storage = context.getBean(CertMagicProperties.class).getStorage();
            assertThat(storage.getType()).isEqualTo(StorageProperties.StorageType.FILE);
            JdbcStorageProperties jdbc = storage.getJdbc();
            assertThat(jdbc.getUrl()).isNull();
            assertThat(jdbc.isInitializeSchema()).isTrue();
            assertThat(jdbc.getValuesTable()).isEqualTo("certmagic_values");
            assertThat(jdbc.getLocksTable()).isEqualTo("certmagic_locks");
            assertThat(jdbc.getLockExpiry()).isEqualTo(Duration.ofSeconds(30));
            assertThat(jdbc.getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void everyStorageNameBindsFromRelaxedNames() {
        runner.withPropertyValues("certmagic.storage.type=JDBC", "certmagic.storage.jdbc.url=jdbc:h2:mem:x",
                "certmagic.storage.jdbc.username=app", "certmagic.storage.jdbc.password=secret",
                "certmagic.storage.jdbc.initializeSchema=false", "certmagic.storage.jdbc.values-table=s.v",
                "certmagic.storage.jdbc.locks-table=s.l", "certmagic.storage.jdbc.lock-expiry=5s",
                "certmagic.storage.jdbc.heartbeat-interval=1500ms").run(context -> {
                    StorageProperties storage = context.getBean(CertMagicProperties.class).getStorage();
                    assertThat(storage.getType()).isEqualTo(StorageProperties.StorageType.JDBC);
                    JdbcStorageProperties jdbc = storage.getJdbc();
                    assertThat(jdbc.getUrl()).isEqualTo("jdbc:h2:mem:x");
                    assertThat(jdbc.getUsername()).isEqualTo("app");
                    assertThat(jdbc.getPassword()).isEqualTo("secret");
                    assertThat(jdbc.isInitializeSchema()).isFalse();
                    assertThat(jdbc.getValuesTable()).isEqualTo("s.v");
                    assertThat(jdbc.getLocksTable()).isEqualTo("s.l");
                    assertThat(jdbc.getLockExpiry()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(jdbc.getHeartbeatInterval()).isEqualTo(Duration.ofMillis(1500));
                });
    }

    @Test
    void generatedMetadataDescribesEveryStorageName() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("configuration processor output").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Map<String, Object>> properties = JsonPath.read(json,
                "$.properties[?(@.name =~ /certmagic\\.storage\\..*/)]");
        for (String name : NAMES) {
            assertThat(properties).as(name).anySatisfy(property -> {
                assertThat(property.get("name")).isEqualTo(name);
                assertThat((String) property.get("description")).isNotBlank().doesNotStartWith("The ");
            });
        }
    }
}
