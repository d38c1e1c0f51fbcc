/**
 * OCSP settings and values a user sees: {@link dev.certmagic.ocsp.OcspOptions} and
 * {@link dev.certmagic.ocsp.RevocationReason}. API; stapling itself lives in {@code internal.ocsp}.
 */
@NullMarked
package dev.certmagic.ocsp;

import org.jspecify.annotations.NullMarked;
