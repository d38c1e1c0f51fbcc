package dev.certmagic;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.certmagic.acme.challenge.Http01Responder;
import dev.certmagic.certificate.HostNames;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.event.CertificateEventListener;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.tls.ChallengeCertificates;
import dev.certmagic.tls.TlsDefaults;

/**
 * Obtains, caches, serves and renews TLS certificates: the Java form of CertMagic's {@code Config}.
 *
 * <p>Give it names with {@link #manageAsync(Collection)} (or {@link #manageSync(Collection)}); each name gets its
 * own certificate, loaded from storage when a valid one is there (no CA is asked) and obtained otherwise. Serve
 * them with {@link #sslContext()} or {@link #keyManager()} on any JSSE server, answer HTTP-01 with
 * {@link #httpChallenges()}, and call {@link #start()} to keep them renewed. A failing CA never takes a serving
 * certificate away: failed attempts are retried on the {@code RetrySchedule} while the old certificate serves.
 *
 * <pre>{@code
 * CertificateManager manager = CertificateManager.builder()
 *         .acme(AcmeIssuer.builder(AcmeIssuer.LETS_ENCRYPT_PRODUCTION).email("ops@example.com").agreed(true))
 *         .build();
 * manager.start();
 * manager.manageAsync(List.of("example.com"));
 * SSLContext tls = manager.sslContext();
 * }</pre>
 *
 * <p>OCSP (on by default, {@link CertificateManagerBuilder#ocspEnabled}): every certificate that names a responder
 * is stapled with a validated response before it is cached (a valid stored one is used without network), all
 * staples are refreshed every {@link CertificateManagerBuilder#ocspCheckInterval check interval}, and a
 * {@code revoked} response forces a renewal, with a new key for keyCompromise. A revoked certificate whose
 * replacement fails is no longer served and shows in {@link CertificateManagerView#revokedNames()}. JSSE staples
 * these responses only with {@link CertificateManagerBuilder#ocspStapling(boolean)}, which changes JVM-wide
 * settings.
 *
 * <p>Thread-safe. Building does nothing; {@link #start()} starts maintenance; {@link #close()} stops all work,
 * releases locks and closes the storage.
 */
public final class CertificateManager implements AutoCloseable {

    private final ManagerParts parts;
    private final ManagerLifecycle lifecycle;
    private final CertificateManagerView view;
    private final ManagedLoads loads;

    CertificateManager(ManagerParts parts) {
        this.parts = parts;
        this.lifecycle = parts.lifecycle();
        this.view = new CertificateManagerView(parts);
        this.loads = new ManagedLoads(parts);
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static CertificateManagerBuilder builder() {
        return new CertificateManagerBuilder();
    }

    /**
     * Starts renewal maintenance. Calling it again does nothing.
     *
     * @throws IllegalStateException if the manager was closed
     */
    public void start() {
        lifecycle.start(parts::start);
    }

    /**
     * Tells whether {@link #start()} was called and {@link #close()} was not.
     *
     * @return whether maintenance runs
     */
    public boolean isRunning() {
        return lifecycle.isRunning();
    }

    /**
     * Fetches the CA directory and registers or finds the account in the background, so that the first order
     * after the server listens does not wait for it. Call it as early as the configuration is known: it needs no
     * listening port (no challenge is solved and no order placed). Failures are swallowed, logged once without
     * secrets, because the first order meets and retries them itself; without an issuer, or once closed, it does
     * nothing. Runs on the manager's issuance threads.
     *
     * @return a future that completes (normally, also after a failure) when the preparation has run
     */
    public CompletableFuture<Void> prepareAsync() {
        return IssuerPreparation.prepareAsync(parts);
    }

    /**
     * Manages names: each gets a certificate from storage (when a valid one is stored) or from the issuer, in the
     * background. A name whose first attempt fails is retried on the retry schedule until it succeeds or the
     * manager is closed; the returned future reports the first outcome of each name.
     *
     * <p>Stored certificates are loaded in parallel on the manager's loader threads, each read once; meanwhile a
     * handshake for a managed name that is not loaded yet loads that name on the spot, so a restart with many
     * stored certificates serves each of them from the first handshake. Only names without a valid stored
     * certificate go to the issuer.
     *
     * @param names host names (wildcards need DNS-01)
     * @return a future that completes when every name has a certificate, or fails with the first failure
     * @throws IllegalArgumentException if a name cannot get a certificate (see {@link HostNames#qualifies})
     */
    public CompletableFuture<Void> manageAsync(Collection<String> names) {
        requireIssuer();
        List<String> qualified = ManagedNames.qualify(names);
        ManagedNames.defaultToFirstIpAddress(parts.cache(), qualified);
        return loads.manage(qualified);
    }

    /**
     * Swaps the valid certificates that storage holds for these names into the cache now, without asking the
     * issuer, and waits for it. {@link #manageAsync} does the same in the background (and handshakes load managed
     * names on the spot), so servers need not call this first; a name loaded already is not read again. Names
     * without a valid stored certificate are left alone.
     *
     * @param names host names
     * @return the names (normalized) that now have a certificate from storage
     * @throws IOException if storage failed
     */
    public Set<String> loadStored(Collection<String> names) throws IOException {
        try {
            return loadStoredAsync(names).join();
        } catch (CompletionException e) {
            throw ManagedLoads.storageFailure(e);
        }
    }

    /**
     * Like {@link #loadStored}, without waiting: the loads run in parallel on the manager's loader threads (the
     * same loads {@link #manageAsync} and handshakes share), so a caller can wait with a bound of its own.
     *
     * @param names host names
     * @return the names (normalized) that got a certificate from storage; fails with the storage's exception
     */
    public CompletableFuture<Set<String>> loadStoredAsync(Collection<String> names) {
        requireIssuer();
        return loads.loadStored(ManagedNames.qualify(names));
    }

    /**
     * Manages names and waits until each has a certificate or failed once (CertMagic's {@code ManageSync}).
     *
     * @param names host names
     * @throws IssuanceException the first failure; failed names are still retried in the background
     * @throws IOException if storage failed
     * @throws InterruptedException if interrupted while waiting
     */
    public void manageSync(Collection<String> names) throws IssuanceException, IOException, InterruptedException {
        try {
            manageAsync(names).get();
        } catch (ExecutionException e) {
            throw ManagedLoads.issuanceFailure(e.getCause());
        }
    }

    /**
     * Returns the certificate that serves {@code name} now: from the cache, else from storage, else obtained from
     * the issuer (waiting for it).
     *
     * @param name a host name
     * @return the certificate
     * @throws IssuanceException if the issuer failed
     * @throws IOException if storage failed
     * @throws InterruptedException if interrupted
     */
    public ManagedCertificate obtain(String name) throws IssuanceException, IOException, InterruptedException {
        requireIssuer();
        return parts.storedOrIssued().cachedOrObtain(ManagedNames.qualify(name));
    }

    /**
     * Renews the certificate of a managed name now, whatever its renewal window, and swaps the result in.
     *
     * @param name a managed host name
     * @return the new certificate
     * @throws IssuanceException if the issuer failed; the old certificate keeps serving
     * @throws IOException if storage failed
     * @throws InterruptedException if interrupted
     */
    public ManagedCertificate renew(String name) throws IssuanceException, IOException, InterruptedException {
        requireIssuer();
        return parts.swap().swapIn(parts.issuance().renew(ManagedNames.qualify(name)));
    }

    /**
     * Revokes the certificate of a name at the CA and removes its assets from storage and the cache.
     *
     * @param name the host name
     * @param reason the RFC 5280 reason code (0 unspecified, 1 keyCompromise, 4 superseded, 5 cessationOfOperation)
     * @return whether a certificate was revoked
     * @throws IssuanceException if the CA refused
     * @throws IOException if storage failed
     * @throws InterruptedException if interrupted
     */
    public boolean revoke(String name, int reason) throws IssuanceException, IOException, InterruptedException {
        requireIssuer();
        String normalized = ManagedNames.qualify(name);
        boolean revoked = parts.issuance().revoke(normalized, reason);
        parts.ocsp().withdrawManaged(normalized);
        return revoked;
    }

    /**
     * Serves a certificate that the manager does not obtain or renew (CertMagic's
     * {@code CacheUnmanagedCertificatePEM*}); build it with {@link ManagedCertificate#fromPem},
     * {@link ManagedCertificate#unmanagedFromPemFiles} or {@link ManagedCertificate#unmanagedFromKeyStore}.
     *
     * @param certificate the certificate
     */
    public void cacheUnmanaged(ManagedCertificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        if (certificate.managed()) {
            throw new IllegalArgumentException("cacheUnmanaged takes unmanaged certificates; use manageAsync for "
                    + certificate.names());
        }
        parts.swap().installUnmanaged(certificate);
    }

    /**
     * Returns the key manager that chooses a certificate per handshake (SNI, ALPN {@code acme-tls/1}, key type).
     *
     * @return the key manager
     */
    public X509ExtendedKeyManager keyManager() {
        return parts.keyManager();
    }

    /**
     * Returns a TLS context (TLS 1.3 and 1.2) whose key manager is {@link #keyManager()}. Servers must still apply
     * {@link TlsDefaults} and an {@code ApplicationProtocols} selector to each engine for TLS-ALPN-01.
     *
     * <p>Before creating it, sets JVM-wide system properties that JSSE reads only from there:
     * {@value TlsDefaults#SERVER_SESSION_TICKETS}{@code =false} when it is unset (see {@link TlsDefaults}), and,
     * with OCSP stapling on, {@code jdk.tls.server.enableStatusRequestExtension=true},
     * {@code jdk.tls.stapling.responderOverride=true} and {@code jdk.tls.stapling.responderURI} (the loopback
     * staple endpoint). {@link #close()} puts each back to its previous value, or clears it if it was unset.
     *
     * @return the context, created on first use
     */
    public SSLContext sslContext() {
        return parts.sslContext().get();
    }

    /**
     * Returns the HTTP-01 responder: route {@code /.well-known/acme-challenge/*} requests on port 80 to it.
     * It answers challenges started by any instance that shares the storage.
     *
     * @return the responder
     */
    public Http01Responder httpChallenges() {
        return parts.httpResponder();
    }

    /**
     * Returns the pending TLS-ALPN-01 challenge certificates (already consulted by {@link #keyManager()}).
     *
     * @return the challenge certificates
     */
    public ChallengeCertificates challengeCertificates() {
        return parts.challengeStore();
    }

    /**
     * Returns a read-only view of the manager's state: cached certificates and their status, managed and revoked
     * names, failures, handshake counters, the storage and the clock.
     *
     * @return the view (one per manager)
     */
    public CertificateManagerView view() {
        return view;
    }

    /**
     * Adds a listener for certificate events.
     *
     * @param listener the listener
     */
    public void addListener(CertificateEventListener listener) {
        parts.events().addListener(listener);
    }

    /**
     * Stops maintenance and retries, interrupts issuance in progress, releases this instance's locks and closes
     * the storage. Serving certificates stay usable by handshakes already under way. The {@code jdk.tls.*} system
     * properties that {@link #sslContext()} set are restored to what they were before (a context already created
     * keeps what it read).
     */
    @Override
    public void close() {
        if (lifecycle.close()) {
            parts.close();
        }
    }

    /** Fails when the manager is closed or has no issuer. */
    private void requireIssuer() {
        lifecycle.requireOpen();
        if (parts.issuance() == null) {
            throw new IllegalStateException("This certificate manager has no issuer: configure acme(...) or "
                    + "issuer(...) on its builder");
        }
    }
}
