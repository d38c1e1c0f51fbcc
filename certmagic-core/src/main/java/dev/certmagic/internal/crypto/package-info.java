/**
 * Key checks shared by certificate loading and issuance. Depends on no other certmagic package.
 *
 * <p>Not API: may change without notice. Public only so that the other certmagic packages and modules
 * can wire it.
 */
@NullMarked
package dev.certmagic.internal.crypto;

import org.jspecify.annotations.NullMarked;
