package dev.certmagic.autoconfigure.aot;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What certmagic and its libraries reach by name at run time, declared for Spring AOT and GraalVM native images
 * (Spring's own processing covers the beans, the {@code @ConfigurationProperties} and the actuator endpoint):
 * <ul>
 * <li>acme4j finds its CA providers through {@code ServiceLoader}: the service file and each provider's
 * constructor;</li>
 * <li>the JDBC storage reads its schema scripts as class path resources;</li>
 * <li>the auto-configuration probes for HikariCP by class name before it pools connections.</li>
 * </ul>
 * BouncyCastle is used through its API (never registered as a JCA provider by name), so it needs no reflection.
 */
public final class CertMagicRuntimeHints implements RuntimeHintsRegistrar {

    /** acme4j 4's providers, as listed in its {@code META-INF/services} file. */
    static final List<String> ACME_PROVIDERS = List.of(
            "org.shredzone.acme4j.provider.GenericAcmeProvider",
            "org.shredzone.acme4j.provider.actalis.ActalisAcmeProvider",
            "org.shredzone.acme4j.provider.google.GoogleAcmeProvider",
            "org.shredzone.acme4j.provider.letsencrypt.LetsEncryptAcmeProvider",
            "org.shredzone.acme4j.provider.pebble.PebbleAcmeProvider",
            "org.shredzone.acme4j.provider.sslcom.SslComAcmeProvider",
            "org.shredzone.acme4j.provider.zerossl.ZeroSSLAcmeProvider");

    static final String ACME_PROVIDER_SERVICE = "META-INF/services/org.shredzone.acme4j.provider.AcmeProvider";

    static final String JDBC_SCHEMAS = "META-INF/certmagic/schema-*.sql";

    static final String HIKARI = "com.zaxxer.hikari.HikariDataSource";

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.resources().registerPattern(ACME_PROVIDER_SERVICE);
        for (String provider : ACME_PROVIDERS) {
            hints.reflection().registerTypeIfPresent(classLoader, provider,
                    MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
        }
        hints.resources().registerPattern(JDBC_SCHEMAS);
        hints.reflection().registerType(TypeReference.of(HIKARI));
    }
}
