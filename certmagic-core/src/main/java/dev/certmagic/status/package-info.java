/**
 * The read model of certificate status ({@link dev.certmagic.status.CertificateView},
 * {@link dev.certmagic.status.CertificateStatus}) that the actuator endpoint, health, info and metrics all read.
 * API.
 */
@NullMarked
package dev.certmagic.status;

import org.jspecify.annotations.NullMarked;
