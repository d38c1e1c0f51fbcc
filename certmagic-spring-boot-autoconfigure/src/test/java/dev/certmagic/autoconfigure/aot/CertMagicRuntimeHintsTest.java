package dev.certmagic.autoconfigure.aot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

class CertMagicRuntimeHintsTest {

    private final RuntimeHints hints = new RuntimeHints();

    @Test
    void isFoundByAotProcessingThroughAotFactories() {
        List<RuntimeHintsRegistrar> registrars = SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(RuntimeHintsRegistrar.class);

        assertThat(registrars).hasAtLeastOneElementOfType(CertMagicRuntimeHints.class);
    }

    @Test
    void coversEveryAcmeProviderTheServiceFileOfTheAcme4jOnTheClassPathNames() throws IOException {
        new CertMagicRuntimeHints().registerHints(hints, getClass().getClassLoader());

        assertThat(RuntimeHintsPredicates.resource().forResource(CertMagicRuntimeHints.ACME_PROVIDER_SERVICE))
                .accepts(hints);
        // Read from the jar, so an acme4j upgrade that adds a provider fails here until the list follows.
        for (String provider : servicesListedByAcme4j()) {
            assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(provider))
                    .withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).as(provider).accepts(hints);
        }
    }

    @Test
    void coversTheJdbcSchemasAndTheHikariProbe() {
        new CertMagicRuntimeHints().registerHints(hints, getClass().getClassLoader());

        assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/certmagic/schema-postgresql.sql"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(CertMagicRuntimeHints.HIKARI)))
                .accepts(hints);
    }

    private List<String> servicesListedByAcme4j() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(
                CertMagicRuntimeHints.ACME_PROVIDER_SERVICE)) {
            assertThat(in).as("acme4j's service file").isNotNull();
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        }
    }
}
