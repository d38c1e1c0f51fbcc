/**
 * Tomcat 11 customizers that install certmagic's TLS context on the main connector and add the plain-HTTP
 * connector. Not API: used by the auto-configuration only.
 */
@NullMarked
package dev.certmagic.autoconfigure.web.tomcat;

import org.jspecify.annotations.NullMarked;
