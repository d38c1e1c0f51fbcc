package dev.certmagic.autoconfigure.actuate;

/**
 * Who may use the {@code certificates} endpoint's write operations (renew, revoke), asked before each write on the
 * request's thread, after the application's security filters ran. Auto-configured, when Spring Security is on the
 * class path, to require an authenticated user with {@code certmagic.endpoint.write-role} (default
 * {@code CERTMAGIC_ADMIN}): it throws Spring Security's own exceptions, which its filters answer with 401 (with the
 * application's authentication challenge) or 403, as for a secured method. Without Spring Security every request
 * that reached the operation may write (then {@code management.endpoint.certificates.access} and the network are
 * the guards). Declare a bean of this type to decide otherwise.
 */
@FunctionalInterface
public interface CertificatesWriteAccess {

    /**
     * Lets the write go ahead, or refuses it by throwing.
     *
     * @param name the managed name about to be written
     * @throws RuntimeException to refuse; nothing has changed yet
     */
    void check(String name);

    /**
     * Lets every request write that reached the operation.
     *
     * @return the check
     */
    static CertificatesWriteAccess anyone() {
        return name -> {
        };
    }
}
