/**
 * The issuer SPI: {@link dev.certmagic.issuance.Issuer} and {@link dev.certmagic.issuance.Revoker} and the values
 * they exchange with the manager (request, issued certificate, suggested renewal, failure). API.
 */
@NullMarked
package dev.certmagic.issuance;

import org.jspecify.annotations.NullMarked;
