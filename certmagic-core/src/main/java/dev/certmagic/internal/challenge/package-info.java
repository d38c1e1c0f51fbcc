/**
 * Pending ACME challenges, kept in memory and mirrored to storage so that whichever instance of a cluster the CA
 * reaches can answer them.
 *
 * <p>Not API: may change without notice. Public only so that the other certmagic packages and modules
 * can wire it.
 */
@NullMarked
package dev.certmagic.internal.challenge;

import org.jspecify.annotations.NullMarked;
