package dev.certmagic.autoconfigure.web;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;

/**
 * Registrations of the certmagic servlet filters, ordered ahead of every application filter (security
 * included): the CA's validation request must be answered before anything can demand authentication, and
 * a plain-HTTP request must be redirected before the application sees it.
 */
public final class CertMagicFilters {

    /** Order of {@link AcmeHttpChallengeFilter}: first of all. */
    public static final int CHALLENGE_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;

    /**
     * Order of {@link HttpsRedirectFilter}, or of {@link PlainHttpNotFoundFilter} in its place: right after the
     * challenge filter.
     */
    public static final int REDIRECT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    private CertMagicFilters() {
    }

    /**
     * Registers the HTTP-01 challenge filter on all paths.
     *
     * @param responder where pending challenges are looked up
     * @return the registration, to be exposed as a bean
     */
    public static FilterRegistrationBean<AcmeHttpChallengeFilter> challengeFilter(HttpChallengeResponder responder) {
        FilterRegistrationBean<AcmeHttpChallengeFilter> registration =
                new FilterRegistrationBean<>(new AcmeHttpChallengeFilter(responder));
        registration.setName("certmagicAcmeHttpChallengeFilter");
        registration.setOrder(CHALLENGE_FILTER_ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    /**
     * Registers the HTTP-to-HTTPS redirect filter on all paths.
     *
     * @param redirectPort the public HTTPS port written into redirects ({@code certmagic.http.redirect-port})
     * @return the registration, to be exposed as a bean
     */
    public static FilterRegistrationBean<HttpsRedirectFilter> redirectFilter(int redirectPort) {
        FilterRegistrationBean<HttpsRedirectFilter> registration =
                new FilterRegistrationBean<>(new HttpsRedirectFilter(redirectPort));
        registration.setName("certmagicHttpsRedirectFilter");
        registration.setOrder(REDIRECT_FILTER_ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    /**
     * Registers the filter that answers plain-HTTP requests with {@code 404} (the redirect's place when
     * {@code certmagic.http.redirect=false}), on all paths.
     *
     * @return the registration, to be exposed as a bean
     */
    public static FilterRegistrationBean<PlainHttpNotFoundFilter> plainHttpNotFoundFilter() {
        FilterRegistrationBean<PlainHttpNotFoundFilter> registration =
                new FilterRegistrationBean<>(new PlainHttpNotFoundFilter());
        registration.setName("certmagicPlainHttpNotFoundFilter");
        registration.setOrder(REDIRECT_FILTER_ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }
}
