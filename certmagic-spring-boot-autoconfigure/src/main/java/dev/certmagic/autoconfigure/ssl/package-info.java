/**
 * Spring SSL bundles for the certificates certmagic manages. Not API except {@link CertMagicSslBundles}'s bundle
 * names.
 */
@NullMarked
package dev.certmagic.autoconfigure.ssl;

import org.jspecify.annotations.NullMarked;
