/**
 * Scheduled renewal, and reload of certificates that peers renewed.
 *
 * <p>Not API: may change without notice. Public only so that the other certmagic packages and modules
 * can wire it.
 */
@NullMarked
package dev.certmagic.internal.maintenance;

import org.jspecify.annotations.NullMarked;
