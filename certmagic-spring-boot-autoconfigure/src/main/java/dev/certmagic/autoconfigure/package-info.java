/**
 * Auto-configuration of automatic HTTPS for Spring Boot. API: the {@code *Properties} classes
 * ({@code certmagic.*}), the two builder customizers and {@link CertMagicConfigurationException}; the
 * package-private types are wiring.
 */
@NullMarked
package dev.certmagic.autoconfigure;

import org.jspecify.annotations.NullMarked;
