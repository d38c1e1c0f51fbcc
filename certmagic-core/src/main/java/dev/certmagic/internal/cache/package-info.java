/**
 * The certificate cache (lock-free reads for handshakes, capacity, retirement of displaced certificates) and the
 * loader that fills it from storage.
 *
 * <p>Not API: may change without notice. Public only so that the other certmagic packages and modules
 * can wire it.
 */
@NullMarked
package dev.certmagic.internal.cache;

import org.jspecify.annotations.NullMarked;
