package dev.certmagic.autoconfigure;

import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * The application on Tomcat 11 against Pebble.
 */
@WithPebble(authzReuse = 0)
class TomcatApplicationPebbleTest extends CertMagicApplicationPebbleTest {

    static Pebble pebble;

    @Override
    String excludedServerAutoConfiguration() {
        return "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration";
    }

    @Override
    Pebble pebble() {
        return pebble;
    }
}
