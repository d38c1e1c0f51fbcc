package dev.certmagic.autoconfigure.actuate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Guards of the {@code certificates} endpoint's write operations (renew, revoke), which spend CA rate limits and
 * can take a certificate out of service: how often a name may be written, and who may write.
 */
@ConfigurationProperties("certmagic.endpoint")
public class CertMagicEndpointProperties {

    /** Role that Spring Security must grant the user for the endpoint's write operations. */
    static final String DEFAULT_WRITE_ROLE = "CERTMAGIC_ADMIN";

    /**
     * Shortest time between two writes (renew, or revoke and replace) for one name through the endpoint; earlier
     * ones answer 429. A revocation for key compromise (reason 1) is never held back.
     */
    private Duration writeCooldown = Duration.ofHours(1);

    /**
     * Role (without the ROLE_ prefix) a user needs for the endpoint's write operations when Spring Security is on
     * the class path: without a user 401, without the role 403. Reads are left to the application's security.
     */
    private String writeRole = DEFAULT_WRITE_ROLE;

    /**
     * Returns the write cooldown.
     *
     * @return the shortest time between two writes for one name
     */
    public Duration getWriteCooldown() {
        return writeCooldown;
    }

    /**
     * Sets the write cooldown.
     *
     * @param writeCooldown zero or positive
     */
    public void setWriteCooldown(Duration writeCooldown) {
        if (writeCooldown == null || writeCooldown.isNegative()) {
            throw new IllegalArgumentException("certmagic.endpoint.write-cooldown must be zero or positive, was "
                    + writeCooldown);
        }
        this.writeCooldown = writeCooldown;
    }

    /**
     * Returns the role writes need.
     *
     * @return the role, without the {@code ROLE_} prefix
     */
    public String getWriteRole() {
        return writeRole;
    }

    /**
     * Sets the role writes need.
     *
     * @param writeRole a role name, without the {@code ROLE_} prefix
     */
    public void setWriteRole(String writeRole) {
        if (writeRole == null || writeRole.isBlank()) {
            throw new IllegalArgumentException("certmagic.endpoint.write-role must not be empty");
        }
        this.writeRole = writeRole.startsWith("ROLE_") ? writeRole.substring("ROLE_".length()) : writeRole;
    }
}
