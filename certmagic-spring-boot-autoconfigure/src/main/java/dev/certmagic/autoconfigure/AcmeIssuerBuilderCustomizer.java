package dev.certmagic.autoconfigure;

import dev.certmagic.acme.AcmeIssuerBuilder;

/**
 * Callback that changes the {@link AcmeIssuerBuilder} of the auto-configured ACME issuer, for settings that have no
 * {@code certmagic.*} property (preferred chain, poll interval, order and network timeouts, concurrent orders)
 * without replacing the certificate manager bean. Declare it as a bean; every customizer is applied after the
 * properties (and after the DNS-01 solver of a {@code DnsProvider} bean), in
 * {@link org.springframework.core.annotation.Order @Order} order, so a customizer's setting wins over a property's.
 *
 * <p>Public API of the auto-configuration. Not applied when no ACME CA is used: with an {@code Issuer} bean of the
 * application, or with only unmanaged certificates.
 */
@FunctionalInterface
public interface AcmeIssuerBuilderCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder, already configured from {@code certmagic.*} and the application's beans
     */
    void customize(AcmeIssuerBuilder builder);
}
