/**
 * Delivery of certificate events to listeners.
 *
 * <p>Not API: may change without notice. Public only so that the other certmagic packages and modules
 * can wire it.
 */
@NullMarked
package dev.certmagic.internal.event;

import org.jspecify.annotations.NullMarked;
