/**
 * The local certificate authority behind {@code dev.certmagic.issuance.InternalIssuer}: its root and intermediate
 * kept in storage (Caddy's {@code pki/authorities/local/} layout), and the BouncyCastle code that signs them and
 * the short-lived leaf certificates.
 *
 * <p>Not API: may change without notice. Public only so that the other certmagic packages can wire it.
 */
@NullMarked
package dev.certmagic.internal.localca;

import org.jspecify.annotations.NullMarked;
