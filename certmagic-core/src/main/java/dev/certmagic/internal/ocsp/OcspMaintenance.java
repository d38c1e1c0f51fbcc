package dev.certmagic.internal.ocsp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.tls.SystemPropertyChanges;
import dev.certmagic.internal.ocsp.OcspStapleEndpoint;
import dev.certmagic.internal.ocsp.OcspStapler;

/**
 * The manager's OCSP side: staples each certificate before it enters the cache, refreshes every cached staple on
 * the maintenance scheduler, and (when stapling is on) keeps the loopback {@link OcspStapleEndpoint} that JSSE
 * staples from in step with the cache.
 *
 * <p>Every write to the cache that comes from the manager goes through this class under one lock, so that a
 * refresh that re-adds a certificate with a new staple can never displace a renewal or resurrect a certificate
 * that was withdrawn (revoked and not replaceable) while the refresh was waiting for a responder.
 */
public final class OcspMaintenance implements AutoCloseable {

    /** JSSE's switch for server-side {@code status_request} (OCSP stapling). */
    public static final String ENABLE_STATUS_REQUEST = "jdk.tls.server.enableStatusRequestExtension";
    /** Makes JSSE ask {@link #RESPONDER_URI} instead of the responder named in the certificate. */
    public static final String RESPONDER_OVERRIDE = "jdk.tls.stapling.responderOverride";
    /** Where JSSE fetches the responses it staples. */
    public static final String RESPONDER_URI = "jdk.tls.stapling.responderURI";

    private static final Logger LOG = LoggerFactory.getLogger(OcspMaintenance.class);

    private final CertificateCache cache;
    private final OcspStapler stapler;
    private final boolean stapling;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Duration checkInterval;
    private final Object lock = new Object();
    private volatile OcspStapleEndpoint endpoint;
    private ScheduledFuture<?> scheduled;

    /**
     * Creates the OCSP side; it does nothing until asked.
     *
     * @param cache the manager's cache
     * @param stapler the stapler, or {@code null} when OCSP is disabled
     * @param stapling whether JSSE is pointed at a local endpoint that serves our staples
     * @param scheduler the maintenance scheduler (owned by the caller)
     * @param clock the time source
     * @param checkInterval how often all staples are checked
     */
    public OcspMaintenance(CertificateCache cache, OcspStapler stapler, boolean stapling,
            ScheduledExecutorService scheduler, Clock clock, Duration checkInterval) {
        this.cache = cache;
        this.stapler = stapler;
        this.stapling = stapling;
        this.scheduler = scheduler;
        this.clock = clock;
        this.checkInterval = checkInterval;
    }

    /**
     * Staples a certificate that is about to be cached: a valid stored response is used without network, else
     * one is fetched. Never call it on a handshake thread.
     */
    public ManagedCertificate staple(ManagedCertificate certificate) {
        if (stapler == null) {
            return certificate;
        }
        try {
            return stapler.staple(certificate);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return certificate;
        }
    }

    /** Adds a certificate to the cache (a same-hash copy replaces it in place) and publishes its staple. */
    public void install(ManagedCertificate certificate) {
        synchronized (lock) {
            cache.add(certificate);
            publish(certificate);
        }
    }

    /** Stops serving a certificate: removes it from the cache and withdraws its staple. */
    public void withdraw(ManagedCertificate certificate) {
        synchronized (lock) {
            cache.remove(certificate);
            OcspStapleEndpoint current = endpoint;
            if (current != null) {
                current.remove(certificate);
            }
        }
    }

    /**
     * Stops serving the managed certificates cached for a name; its unmanaged ones stay.
     *
     * @param name a normalized host name
     */
    public void withdrawManaged(String name) {
        for (ManagedCertificate certificate : cache.forName(name)) {
            if (certificate.managed()) {
                withdraw(certificate);
            }
        }
    }

    /**
     * Staples a certificate that is already cached and, when that gave it a new staple, swaps the stapled copy in
     * (see {@link #refreshed}). Never call it on a handshake thread.
     *
     * @param certificate the cached certificate
     * @return the stapled copy, or {@code certificate} itself when the staple did not change it
     */
    public ManagedCertificate stapleInstalled(ManagedCertificate certificate) {
        ManagedCertificate stapled = staple(certificate);
        if (stapled != certificate) {
            refreshed(stapled);
        }
        return stapled;
    }

    /**
     * Refreshes the staple of every cached certificate that needs it and swaps the updated copies in, unless the
     * certificate left the cache meanwhile. One responder's failure never stops the others.
     */
    public void refreshNow() {
        if (stapler == null) {
            return;
        }
        List<ManagedCertificate> updated;
        try {
            updated = stapler.refreshAll(cache.all(), clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        updated.forEach(this::refreshed);
    }

    /** Swaps in a copy with a new staple (same hash: replaced in place), unless it left the cache meanwhile. */
    public void refreshed(ManagedCertificate certificate) {
        synchronized (lock) {
            if (isLive(certificate)) {
                cache.add(certificate);
                publish(certificate);
            }
        }
    }

    /**
     * Starts the loopback staple endpoint and points JSSE at it by setting three JVM-wide system properties
     * ({@link #ENABLE_STATUS_REQUEST}, {@link #RESPONDER_OVERRIDE}, {@link #RESPONDER_URI}) through
     * {@code properties}, which the manager restores when it closes. Must run before the server's
     * {@code SSLContext} is created: JSSE reads the first when it creates a context and the other two when that
     * context first staples. Does nothing when stapling is off or the endpoint already runs.
     *
     * @param properties where the changes are recorded
     */
    public void startStaplingEndpoint(SystemPropertyChanges properties) {
        if (!stapling || stapler == null) {
            return;
        }
        synchronized (lock) {
            if (endpoint != null) {
                return;
            }
            OcspStapleEndpoint started;
            try {
                started = OcspStapleEndpoint.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the loopback OCSP staple endpoint", e);
            }
            properties.set(ENABLE_STATUS_REQUEST, "true");
            properties.set(RESPONDER_OVERRIDE, "true");
            properties.set(RESPONDER_URI, started.url().toString());
            LOG.info("OCSP stapling: JSSE fetches staples from {} (JVM-wide {}, {} and {} set until the manager "
                    + "closes)", started.url(), ENABLE_STATUS_REQUEST, RESPONDER_OVERRIDE, RESPONDER_URI);
            endpoint = started;
            cache.all().forEach(started::update);
        }
    }

    /** Schedules the periodic refresh, the first one interval from now. Calling it again does nothing. */
    public void start() {
        if (stapler == null) {
            return;
        }
        synchronized (lock) {
            if (scheduled == null) {
                long millis = checkInterval.toMillis();
                scheduled = scheduler.scheduleWithFixedDelay(this::refreshQuietly, millis, millis,
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Cancels the refresh and stops the staple endpoint (JSSE then staples nothing once its cache expires). */
    @Override
    public void close() {
        synchronized (lock) {
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            if (endpoint != null) {
                endpoint.close();
            }
        }
    }

    private void refreshQuietly() {
        try {
            refreshNow();
        } catch (RuntimeException e) {
            LOG.warn("OCSP refresh failed; retrying at the next check: {}", e.toString());
        }
    }

    private boolean isLive(ManagedCertificate certificate) {
        for (ManagedCertificate cached : cache.forName(certificate.names().get(0))) {
            if (cached.alias().equals(certificate.alias())) {
                return true;
            }
        }
        return false;
    }

    private void publish(ManagedCertificate certificate) {
        OcspStapleEndpoint current = endpoint;
        if (current != null) {
            current.update(certificate);
        }
    }
}
