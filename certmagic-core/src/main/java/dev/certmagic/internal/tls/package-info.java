/**
 * The SNI key manager that chooses a certificate per handshake from the cache.
 *
 * <p>Not API: may change without notice. Public only so that the other certmagic packages and modules
 * can wire it.
 */
@NullMarked
package dev.certmagic.internal.tls;

import org.jspecify.annotations.NullMarked;
