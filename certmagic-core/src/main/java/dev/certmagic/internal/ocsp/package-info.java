/**
 * OCSP fetching, validation, stapling and maintenance, and the loopback staple endpoint that JSSE stapling reads.
 *
 * <p>Not API: may change without notice. Public only so that the other certmagic packages and modules
 * can wire it.
 */
@NullMarked
package dev.certmagic.internal.ocsp;

import org.jspecify.annotations.NullMarked;
