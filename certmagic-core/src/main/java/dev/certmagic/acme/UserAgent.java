package dev.certmagic.acme;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Properties;

import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;

/**
 * The {@code User-Agent} of every request to the CA. CAs ask clients to identify themselves (Let's Encrypt reads it
 * to reach the authors of a misbehaving client), so the header names, most specific first: the operator's own
 * token when one is set, then this project and its version, then acme4j's own {@code acme4j/<version> Java/<version>}.
 * Go CertMagic does the same: its {@code UserAgent} variable is put in front of its own {@code CertMagic} token.
 */
final class UserAgent {

    /** This project's product token, without version. */
    static final String PRODUCT = "certmagic-spring-boot";

    private static final String VERSION = version();

    private UserAgent() {
    }

    /**
     * Returns the header value.
     *
     * @param operatorToken the operator's token (as checked by {@link #checkToken}), or {@code null}
     * @return e.g. {@code shop/2.1 certmagic-spring-boot/0.1.0 acme4j/4.0.0 Java/17.0.12}
     */
    static String header(@Nullable String operatorToken) {
        String ours = PRODUCT + "/" + VERSION + " " + HttpConnector.defaultUserAgent();
        return operatorToken == null ? ours : operatorToken + " " + ours;
    }

    /**
     * Checks an operator's token: printable ASCII, as an HTTP header value must be, and not blank. Line breaks
     * would let a configuration value inject headers.
     *
     * @param token the token
     * @return the token without surrounding spaces
     * @throws IllegalArgumentException naming {@code userAgent(...)} if it cannot be sent
     */
    static String checkToken(String token) {
        String stripped = token == null ? "" : token.strip();
        if (stripped.isEmpty() || !stripped.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("userAgent(...) must be non-blank printable ASCII text such as "
                    + "\"my-shop/2.1 (+https://shop.example/contact)\", without line breaks or other control "
                    + "characters");
        }
        return stripped;
    }

    /**
     * An acme4j connector whose requests carry {@link #header}: acme4j adds its own {@code User-Agent} to every
     * request builder, and this replaces it with the full value (which still ends with acme4j's token).
     */
    static final class Connector extends HttpConnector {

        private final String header;

        Connector(NetworkSettings settings, HttpClient client, String header) {
            super(settings, client);
            this.header = header;
        }

        @Override
        public HttpRequest.Builder createRequestBuilder(URL url) {
            return super.createRequestBuilder(url).setHeader("User-Agent", header);
        }
    }

    private static String version() {
        Properties properties = new Properties();
        try (InputStream in = UserAgent.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException unreadable) {
            // the token is still sent, without a version
        }
        String version = properties.getProperty("version", "");
        // An unfiltered file (an IDE build that skipped Maven's resources) would send "${project.version}".
        return version.isBlank() || version.startsWith("$") ? "unknown" : version.strip();
    }
}
