package dev.certmagic.autoconfigure;

import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * The application on Jetty 12 against Pebble.
 */
@WithPebble(authzReuse = 0)
class JettyApplicationPebbleTest extends CertMagicApplicationPebbleTest {

    static Pebble pebble;

    @Override
    String excludedServerAutoConfiguration() {
        return "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration";
    }

    @Override
    Pebble pebble() {
        return pebble;
    }
}
