/**
 * Certificates as values: {@link dev.certmagic.certificate.ManagedCertificate} (immutable), host name rules
 * ({@link dev.certmagic.certificate.HostNames}), key types, PEM and the renewal decision
 * ({@link dev.certmagic.certificate.RenewalPolicy}). API.
 */
@NullMarked
package dev.certmagic.certificate;

import org.jspecify.annotations.NullMarked;
