package dev.certmagic.autoconfigure.actuate;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The {@link CertificatesWriteAccess} used with Spring Security: an authenticated (not anonymous) user holding
 * {@code ROLE_<role>}. The refusals are Spring Security's exceptions, so its exception translation answers them as
 * it answers a secured method: 401 through the configured authentication entry point, 403 for a user without the
 * role.
 */
final class RoleWriteAccess implements CertificatesWriteAccess {

    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    private final String authority;

    RoleWriteAccess(String role) {
        this.authority = "ROLE_" + role;
    }

    @Override
    public void check(String name) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        if (user == null || !user.isAuthenticated() || trust.isAnonymous(user)) {
            throw new AuthenticationCredentialsNotFoundException("Renewing or revoking a certificate needs an "
                    + "authenticated user with " + authority);
        }
        if (user.getAuthorities().stream().noneMatch(granted -> authority.equals(granted.getAuthority()))) {
            throw new AccessDeniedException("Renewing or revoking a certificate needs " + authority);
        }
    }
}
