package dev.certmagic.acme;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.Connection;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * acme4j's generic provider for any {@code https} directory URL, whose HTTP client trusts the JDK's default CAs
 * plus extra roots (a private CA, or a test CA such as Pebble). This is how acme4j 4 lets a caller choose the
 * TLS trust for the CA connection: the provider builds the {@link HttpClient}. Every request through it has an
 * overall deadline and a cap on its body (see {@link BoundedHttpClient}). Its connections read the CA's
 * {@code Retry-After} on the injected clock and keep it on every error (see {@link RetryAfterConnection}), and
 * carry this project's {@code User-Agent} (see {@link UserAgent}).
 *
 * <p>Each session's directory is kept for {@link #DIRECTORY_KEPT} once read. Let's Encrypt and Pebble send it
 * with {@code Cache-Control: max-age=0}, and acme4j then reads it again before almost every request (new order,
 * nonce, renewal information): one more round trip each, inside the session's nonce lock. Go CertMagic's ACME
 * client keeps a directory for 12 hours, too. A new session of this provider (an issuer's next order session)
 * starts with the copy another one read, so ten order sessions cost one directory request, not ten. A session
 * whose directory was dropped ({@link Session#purgeDirectoryCache()}) fetches it again at once.
 */
final class TrustingAcmeProvider extends GenericAcmeProvider {

    /** How long a directory read by a session is used without asking the CA again. */
    static final Duration DIRECTORY_KEPT = Duration.ofHours(12);

    private final SSLContext sslContext;
    private final Clock clock;
    private final Duration responseTimeout;
    private final long maxResponseSize;
    private final String userAgent;
    private final Map<Session, Instant> directoryRead = Collections.synchronizedMap(new WeakHashMap<>());
    private HttpClient httpClient;
    private JSON sharedDirectory;
    private Instant sharedDirectoryRead;

    TrustingAcmeProvider(List<X509Certificate> extraRoots, Clock clock, Duration responseTimeout,
            long maxResponseSize, String userAgent) {
        this.sslContext = extraRoots.isEmpty() ? null : sslContext(extraRoots);
        this.clock = clock;
        this.responseTimeout = responseTimeout;
        this.maxResponseSize = maxResponseSize;
        this.userAgent = userAgent;
    }

    @Override
    public boolean accepts(URI serverUri) {
        return "https".equals(serverUri.getScheme()) || "http".equals(serverUri.getScheme());
    }

    @Override
    public Connection connect(URI serverUri, NetworkSettings networkSettings, HttpClient httpClient) {
        return new RetryAfterConnection(createHttpConnector(networkSettings, httpClient), clock);
    }

    /** Every request names this project and the operator's token (see {@link UserAgent}). */
    @Override
    protected HttpConnector createHttpConnector(NetworkSettings settings, HttpClient httpClient) {
        return new UserAgent.Connector(settings, httpClient, userAgent);
    }

    @Override
    public JSON directory(Session session, URI serverUri) throws AcmeException {
        Instant now = clock.instant();
        Instant read = directoryRead.get(session);
        if (read != null && session.hasDirectory() && fresh(read, now)) {
            // null tells acme4j to keep the directory it has, as after a 304 Not Modified.
            return null;
        }
        if (read == null) {
            JSON shared;
            Instant sharedRead;
            synchronized (this) {
                shared = sharedDirectory;
                sharedRead = sharedDirectoryRead;
            }
            if (shared != null && fresh(sharedRead, now)) {
                directoryRead.put(session, sharedRead);
                return shared;
            }
        }
        JSON directory = super.directory(session, serverUri);
        directoryRead.put(session, now);
        if (directory != null) {
            synchronized (this) {
                sharedDirectory = directory;
                sharedDirectoryRead = now;
            }
        }
        return directory;
    }

    private static boolean fresh(Instant read, Instant now) {
        return !now.isBefore(read) && now.isBefore(read.plus(DIRECTORY_KEPT));
    }

    /**
     * Returns the one HTTP client of all sessions made with this provider (an issuer's order sessions): one
     * connection to the CA, over which HTTP/2 carries the concurrent orders' requests side by side, and one TLS
     * handshake, instead of a client, a connection, a handshake and a selector thread per session. Each session
     * keeps its own nonce, so sharing the client does not make requests wait for each other.
     */
    @Override
    public synchronized HttpClient createHttpClient(NetworkSettings settings) {
        if (httpClient == null) {
            httpClient = new BoundedHttpClient(newHttpClient(settings), responseTimeout, maxResponseSize);
        }
        return httpClient;
    }

    private HttpClient newHttpClient(NetworkSettings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.getTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .proxy(settings.getProxySelector());
        if (settings.getAuthenticator() != null) {
            builder.authenticator(settings.getAuthenticator());
        }
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        return builder.build();
    }

    private static SSLContext sslContext(List<X509Certificate> extraRoots) {
        try {
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (TrustManager manager : defaults.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate anchor : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("default-" + i++, anchor);
                    }
                }
            }
            for (X509Certificate root : extraRoots) {
                store.setCertificateEntry("extra-" + i++, root);
            }
            TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            combined.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, combined.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the trust settings for the ACME CA", e);
        }
    }
}
