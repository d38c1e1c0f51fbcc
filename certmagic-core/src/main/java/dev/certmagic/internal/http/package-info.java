/**
 * HTTP plumbing shared by the ACME client and the OCSP client: a response body read into memory up to a cap.
 * Depends on no other certmagic package.
 *
 * <p>Not API: may change without notice. Public only so that the other certmagic packages can use it.
 */
@NullMarked
package dev.certmagic.internal.http;

import org.jspecify.annotations.NullMarked;
