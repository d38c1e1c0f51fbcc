package dev.certmagic.autoconfigure;

import dev.certmagic.CertificateManager;
import dev.certmagic.CertificateManagerBuilder;

/**
 * Callback that changes the {@link CertificateManagerBuilder} before the auto-configured {@link CertificateManager}
 * is built, for settings that have no {@code certmagic.*} property (cache capacity, concurrent issuance, extra
 * listeners) without replacing the manager bean. Declare it as a bean; every customizer is applied after the
 * properties, in {@link org.springframework.core.annotation.Order @Order} order, so a customizer's setting wins
 * over a property's.
 *
 * <p>Public API of the auto-configuration. Not applied when the application declares its own
 * {@link CertificateManager} bean.
 */
@FunctionalInterface
public interface CertificateManagerBuilderCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder, already configured from {@code certmagic.*} and the application's beans
     */
    void customize(CertificateManagerBuilder builder);
}
