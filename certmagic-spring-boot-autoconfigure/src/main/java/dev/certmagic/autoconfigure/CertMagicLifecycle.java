package dev.certmagic.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.CertificateManager;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Starts certificate management once the web server listens, because the CA validates HTTP-01 and TLS-ALPN-01
 * against the running connectors: maintenance starts, every configured name is loaded from storage (a valid
 * stored certificate never waits on the CA) or obtained, all in the background, and readiness follows
 * {@link CertificateReadiness}. The core loads stored certificates in parallel on its own threads, and a
 * handshake for a name not loaded yet loads that name on the spot, so a restart with thousands of stored
 * certificates serves every one of them as soon as the server listens. Start waits for those loads only up to
 * {@link #STORED_WAIT}, so that a restart of a usual size is ready at once (readiness never flaps to refusing),
 * while a very large or slow storage neither delays serving nor holds the application's startup: readiness then
 * follows the loads. A CA failure never fails startup: the core retries each name on its schedule
 * (honouring {@code Retry-After}, backing off towards once a day), so a restart loop cannot burn rate limits.
 * Stopping closes the manager, which releases this instance's storage locks.
 */
final class CertMagicLifecycle implements SmartLifecycle {

    /** Right after Boot's web server start/stop lifecycle, so the connectors accept the CA's validations. */
    static final int PHASE = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE + 1;

    /** How long start waits for the certificates in storage before readiness gating begins. */
    static final Duration STORED_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(CertMagicLifecycle.class);

    private final CertificateManager manager;

    private final List<String> domains;

    private final CertificateReadiness readiness;

    private volatile boolean running;

    CertMagicLifecycle(CertificateManager manager, List<String> domains, CertificateReadiness readiness) {
        this.manager = manager;
        this.domains = List.copyOf(domains);
        this.readiness = readiness;
    }

    @Override
    public void start() {
        manager.addListener(readiness::onCertificateEvent);
        manager.start();
        running = true;
        if (domains.isEmpty()) {
            readiness.begin();
            return;
        }
        // Names first, so that handshakes load them from storage on the spot; then readiness gating.
        CompletableFuture<Void> pending = manager.manageAsync(domains);
        awaitStored();
        readiness.begin();
        LOG.info("certmagic: managing certificates for {}", describe(domains));
        pending.whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.error("certmagic: could not get a certificate for every name in {} yet ({}). Each failed "
                        + "name is retried on its schedule; readiness stays REFUSING_TRAFFIC until all are "
                        + "served. Check that the names resolve to this server and that ports 80/443 reach "
                        + "it.", describe(domains), rootMessage(failure));
            }
        });
    }

    private void awaitStored() {
        try {
            manager.loadStoredAsync(domains).get(STORED_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.info("certmagic: still loading certificates from storage after {} s; they are served as they "
                    + "load (or on the first handshake that asks), readiness follows", STORED_WAIT.toSeconds());
        } catch (ExecutionException e) {
            LOG.error("certmagic: could not read certificates from storage ({}); obtaining them instead",
                    rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        readiness.end();
        manager.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The names for a log line: all of a few, or the count and the first of many. */
    static String describe(List<String> names) {
        return names.size() <= 10 ? names.toString() : names.size() + " names [" + names.get(0) + ", ...]";
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + BuilderSettingNames.translate(cause.getMessage());
    }
}
