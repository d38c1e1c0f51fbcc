/**
 * Servlet-side web wiring shared by Tomcat and Jetty: the HTTP-01 challenge filter, the HTTPS redirect and the
 * plain-HTTP listener settings. Not API: used by the auto-configuration only.
 */
@NullMarked
package dev.certmagic.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
