package dev.certmagic.autoconfigure.actuate;

import java.io.IOException;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.certmagic.CertificateManager;
import dev.certmagic.certificate.HostNames;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.status.CertificateView;

/**
 * The {@code certificates} actuator endpoint: every cached certificate with its status, the one a handshake for a
 * name would get, and two operations to steer them: {@code POST /{name}} renews now, {@code DELETE /{name}}
 * revokes and replaces. Read-only unless {@code management.endpoint.certificates.access=unrestricted}, because a
 * write spends CA rate limits.
 *
 * <p>Writes are refused (400) for names the manager was not configured with, so that the endpoint can never be
 * used to order certificates for arbitrary names.
 */
@Endpoint(id = "certificates", defaultAccess = Access.READ_ONLY)
public class CertificatesEndpoint {

    /** RFC 5280 "superseded": the revoked certificate is replaced at once. */
    static final int SUPERSEDED = 4;

    private final CertificateManager manager;

    /**
     * Creates the endpoint.
     *
     * @param manager the manager to report on and steer
     */
    public CertificatesEndpoint(CertificateManager manager) {
        this.manager = manager;
    }

    /**
     * Lists every cached certificate.
     *
     * @return the certificates, sorted by primary name
     */
    @ReadOperation
    public CertificatesDescriptor certificates() {
        return new CertificatesDescriptor(manager.view().certificates());
    }

    /**
     * Returns the certificate a handshake for {@code name} would be served: exact name, wildcard, then the default
     * server name.
     *
     * @param name a host name
     * @return the certificate, or {@code null} (404) when a handshake would get none
     */
    @ReadOperation
    public @Nullable CertificateView certificate(@Selector String name) {
        return manager.view().serving(name, manager.view().clock().instant()).orElse(null);
    }

    /**
     * Renews the certificate of a managed name now, whatever its renewal window, and serves the result.
     *
     * @param name a managed host name
     * @return the new certificate
     * @throws IssuanceException if the CA did not issue; the old certificate keeps serving
     * @throws IOException if storage failed
     */
    @WriteOperation
    public CertificateView renew(@Selector String name) throws IssuanceException, IOException {
        String managedName = requireManaged(name);
        try {
            manager.renew(managedName);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while renewing " + managedName, e);
        }
        return current(managedName);
    }

    /**
     * Revokes the certificate of a managed name at its CA (reason {@code superseded} unless given) and obtains a
     * replacement at once. Between the two, handshakes for the name get the default certificate, if any.
     *
     * @param name a managed host name
     * @param reason the RFC 5280 reason code (1 keyCompromise, 4 superseded, 5 cessationOfOperation); optional
     * @return the replacement
     * @throws IssuanceException if the CA refused the revocation or did not issue the replacement
     * @throws IOException if storage failed
     */
    @DeleteOperation
    public CertificateView revoke(@Selector String name, @Nullable Integer reason)
            throws IssuanceException, IOException {
        String managedName = requireManaged(name);
        try {
            manager.revoke(managedName, reason != null ? reason : SUPERSEDED);
            manager.obtain(managedName);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while replacing " + managedName, e);
        }
        return current(managedName);
    }

    private CertificateView current(String name) {
        return manager.view().covering(name, manager.view().clock().instant())
                .orElseThrow(() -> new IllegalStateException("No certificate is cached for " + name));
    }

    private String requireManaged(String name) {
        String normalized = HostNames.normalize(name);
        if (normalized == null || !manager.view().managedNames().contains(normalized)) {
            throw new InvalidEndpointRequestException("'" + name + "' is not a managed name",
                    "Only names certmagic manages can be renewed or revoked");
        }
        return normalized;
    }

    /**
     * The answer of {@code GET /actuator/certificates}.
     *
     * @param certificates every cached certificate
     */
    public record CertificatesDescriptor(List<CertificateView> certificates) {
    }
}
