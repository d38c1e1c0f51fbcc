/**
 * ACME issuance through acme4j: {@link dev.certmagic.acme.AcmeIssuer}, built by
 * {@link dev.certmagic.acme.AcmeIssuerBuilder}. API: the issuer and its builder; the package-private classes
 * (accounts, sessions, polling, Retry-After, renewal information) are its implementation.
 */
@NullMarked
package dev.certmagic.acme;

import org.jspecify.annotations.NullMarked;
