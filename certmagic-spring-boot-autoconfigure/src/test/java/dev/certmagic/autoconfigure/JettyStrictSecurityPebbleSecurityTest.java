package dev.certmagic.autoconfigure;

import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * {@link StrictSecurityPebble} on Jetty 12.
 */
@WithPebble(authzReuse = 0)
class JettyStrictSecurityPebbleSecurityTest extends StrictSecurityPebble {

    static Pebble pebble;

    @Override
    Pebble pebble() {
        return pebble;
    }

    @Override
    String excludedServerAutoConfiguration() {
        return "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration";
    }
}
