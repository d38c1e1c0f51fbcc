/**
 * The obtain, renew and revoke flows, the retry schedule, and a certificate's assets in storage (chain, key,
 * CertMagic metadata).
 *
 * <p>Not API: may change without notice. Public only so that the other certmagic packages and modules
 * can wire it.
 */
@NullMarked
package dev.certmagic.internal.issuance;

import org.jspecify.annotations.NullMarked;
