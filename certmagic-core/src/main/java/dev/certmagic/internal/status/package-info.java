/**
 * Tracks each certificate's status and failures for the read model in dev.certmagic.status.
 *
 * <p>Not API: may change without notice. Public only so that the other certmagic packages and modules
 * can wire it.
 */
@NullMarked
package dev.certmagic.internal.status;

import org.jspecify.annotations.NullMarked;
