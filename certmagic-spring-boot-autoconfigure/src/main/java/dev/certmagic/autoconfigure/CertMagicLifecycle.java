package dev.certmagic.autoconfigure;

import java.io.IOException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.CertificateManager;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Starts certificate management once the web server listens, because the CA validates HTTP-01 and TLS-ALPN-01
 * against the running connectors: maintenance starts, every configured name is loaded from storage (a valid
 * stored certificate never waits on the CA) or obtained in the background, and readiness follows
 * {@link CertificateReadiness}. A CA failure never fails startup: the core retries each name on its schedule
 * (honouring {@code Retry-After}, backing off towards once a day), so a restart loop cannot burn rate limits.
 * Stopping closes the manager, which releases this instance's storage locks.
 */
final class CertMagicLifecycle implements SmartLifecycle {

    /** Right after Boot's web server start/stop lifecycle, so the connectors accept the CA's validations. */
    static final int PHASE = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE + 1;

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
        try {
            // Storage first, synchronously: a restart serves and is ready without waiting on the CA.
            manager.loadStored(domains);
        } catch (IOException e) {
            LOG.error("certmagic: could not read certificates from storage ({}); obtaining them instead",
                    e.getMessage());
        }
        readiness.begin();
        LOG.info("certmagic: managing certificates for {}", domains);
        manager.manageAsync(domains).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.error("certmagic: could not get a certificate for every name in {} yet ({}). Each failed "
                        + "name is retried on its schedule; readiness stays REFUSING_TRAFFIC until all are "
                        + "served. Check that the names resolve to this server and that ports 80/443 reach "
                        + "it.", domains, rootMessage(failure));
            }
        });
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

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
