package dev.certmagic.autoconfigure.actuate;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.certmagic.CertificateManager;
import dev.certmagic.certificate.HostNames;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.status.CertificateView;

/**
 * The {@code certificates} actuator endpoint: every cached certificate with its status, the one a handshake for a
 * name would get, and two operations to steer them: {@code POST /{name}} renews now,
 * {@code DELETE /{name}?serial=<hex>} revokes and replaces. Read-only unless
 * {@code management.endpoint.certificates.access=unrestricted}, because a write spends CA rate limits.
 *
 * <p>Writes are refused (400) for names the manager was not configured with, so that the endpoint can never be
 * used to order certificates for arbitrary names; at most one write per name goes through within the cooldown
 * ({@code certmagic.endpoint.write-cooldown}, 429 otherwise; a revocation for key compromise is never held back);
 * a revocation names the serial number of the certificate it means (409 when another one is cached), so a
 * replayed or stale request revokes nothing. Before any of that, a {@link CertificatesWriteAccess} decides who may
 * write (with Spring Security: a user with {@code certmagic.endpoint.write-role}).
 */
@Endpoint(id = "certificates", defaultAccess = Access.READ_ONLY)
public class CertificatesEndpoint {

    /** RFC 5280 "superseded": the revoked certificate is replaced at once. */
    static final int SUPERSEDED = 4;

    /** RFC 5280 "keyCompromise": never held back by the cooldown. */
    static final int KEY_COMPROMISE = 1;

    /** HTTP status of a revocation whose serial does not name the cached certificate. */
    static final int CONFLICT = 409;

    private final CertificateManager manager;

    private final WriteCooldown cooldown;

    private final CertificatesWriteAccess access;

    /**
     * Creates the endpoint with the default write cooldown (one hour) and writes open to every request that
     * reaches them.
     *
     * @param manager the manager to report on and steer
     */
    public CertificatesEndpoint(CertificateManager manager) {
        this(manager, Duration.ofHours(1), CertificatesWriteAccess.anyone());
    }

    /**
     * Creates the endpoint.
     *
     * @param manager the manager to report on and steer
     * @param writeCooldown the shortest time between two writes for one name, on the manager's clock
     * @param access who may write, asked before anything else a write does
     */
    public CertificatesEndpoint(CertificateManager manager, Duration writeCooldown, CertificatesWriteAccess access) {
        this.manager = manager;
        this.cooldown = new WriteCooldown(manager.view().clock(), writeCooldown);
        this.access = access;
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
     * @return the new certificate, or {@code 429} within the name's write cooldown
     * @throws IssuanceException if the CA did not issue; the old certificate keeps serving
     * @throws IOException if storage failed
     */
    @WriteOperation
    public WebEndpointResponse<Object> renew(@Selector String name) throws IssuanceException, IOException {
        String managedName = requireManaged(name);
        access.check(managedName);
        Optional<WebEndpointResponse<Object>> refused = takeCooldown(managedName);
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            manager.renew(managedName);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while renewing " + managedName, e);
        }
        return new WebEndpointResponse<>(current(managedName));
    }

    /**
     * Revokes the certificate of a managed name at its CA (reason {@code superseded} unless given) and obtains a
     * replacement at once. Between the two, handshakes for the name get the default certificate, if any.
     *
     * @param name a managed host name
     * @param serial the serial number (hexadecimal, as the endpoint shows it; case and colons ignored) of the
     *     certificate to revoke, which must be the one cached for the name
     * @param reason the RFC 5280 reason code (1 keyCompromise, 4 superseded, 5 cessationOfOperation); optional
     * @return the replacement; {@code 409} when the serial names another certificate, {@code 429} within the
     *     name's write cooldown unless the reason is key compromise
     * @throws IssuanceException if the CA refused the revocation or did not issue the replacement
     * @throws IOException if storage failed
     */
    @DeleteOperation
    public WebEndpointResponse<Object> revoke(@Selector String name, String serial, @Nullable Integer reason)
            throws IssuanceException, IOException {
        String managedName = requireManaged(name);
        access.check(managedName);
        int code = reason != null ? reason : SUPERSEDED;
        if (!cachedSerialIs(managedName, serial)) {
            return refusal(CONFLICT, "The certificate cached for '" + managedName + "' does not have serial "
                    + serial + "; nothing was revoked");
        }
        if (code == KEY_COMPROMISE) {
            cooldown.acquire(managedName);
        } else {
            Optional<WebEndpointResponse<Object>> refused = takeCooldown(managedName);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        try {
            manager.revoke(managedName, code);
            manager.obtain(managedName);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while replacing " + managedName, e);
        }
        return new WebEndpointResponse<>(current(managedName));
    }

    private CertificateView current(String name) {
        return manager.view().covering(name, manager.view().clock().instant())
                .orElseThrow(() -> new IllegalStateException("No certificate is cached for " + name));
    }

    private Optional<WebEndpointResponse<Object>> takeCooldown(String name) {
        return cooldown.tryAcquire(name).map(next -> refusal(WebEndpointResponse.STATUS_TOO_MANY_REQUESTS, "'"
                + name + "' was written through this endpoint recently (certmagic.endpoint.write-cooldown); the "
                + "next write is possible at " + next));
    }

    private static WebEndpointResponse<Object> refusal(int status, String message) {
        return new WebEndpointResponse<>(Map.of("error", message), status);
    }

    private boolean cachedSerialIs(String name, String serial) {
        BigInteger requested = parseSerial(serial);
        return manager.view().covering(name, manager.view().clock().instant())
                .map(view -> parseSerial(view.serialNumber())).filter(requested::equals).isPresent();
    }

    private static BigInteger parseSerial(String serial) {
        try {
            return new BigInteger(serial.replace(":", "").strip(), 16);
        } catch (NumberFormatException e) {
            throw new InvalidEndpointRequestException("'" + serial + "' is not a hexadecimal serial number",
                    "serial must be the certificate's serial number in hexadecimal");
        }
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
