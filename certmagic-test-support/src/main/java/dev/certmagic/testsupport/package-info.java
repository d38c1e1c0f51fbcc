/**
 * Test fixtures for certmagic's own tests: Pebble on loopback ({@link dev.certmagic.testsupport.WithPebble}), fault
 * proxies, an OCSP responder and test certificates. Test API of this project, not published.
 */
@NullMarked
package dev.certmagic.testsupport;

import org.jspecify.annotations.NullMarked;
