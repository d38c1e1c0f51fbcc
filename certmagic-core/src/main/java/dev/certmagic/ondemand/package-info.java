/**
 * On-demand TLS: the policy that decides which names may get a certificate during a handshake
 * ({@link dev.certmagic.ondemand.OnDemandPolicy}: decision function, allowlist, ask URL, rate limits) and the
 * handshake-side gate ({@link dev.certmagic.ondemand.OnDemandGate}). API; the package-private classes are their
 * implementation.
 */
@NullMarked
package dev.certmagic.ondemand;

import org.jspecify.annotations.NullMarked;
