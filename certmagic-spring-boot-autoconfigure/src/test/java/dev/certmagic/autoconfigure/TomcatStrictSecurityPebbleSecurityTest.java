package dev.certmagic.autoconfigure;

import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * {@link StrictSecurityPebble} on Tomcat 11.
 */
@WithPebble(authzReuse = 0)
class TomcatStrictSecurityPebbleSecurityTest extends StrictSecurityPebble {

    static Pebble pebble;

    @Override
    Pebble pebble() {
        return pebble;
    }

    @Override
    String excludedServerAutoConfiguration() {
        return "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration";
    }
}
