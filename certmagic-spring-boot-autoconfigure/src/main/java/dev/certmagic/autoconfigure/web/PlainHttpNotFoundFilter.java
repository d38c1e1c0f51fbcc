package dev.certmagic.autoconfigure.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers every request that arrived over plain HTTP with an empty {@code 404}, so that the plain-HTTP connector,
 * when it does not redirect ({@code certmagic.http.redirect=false}), serves ACME challenges
 * ({@link AcmeHttpChallengeFilter}, ordered ahead of this one) and nothing of the application: not its pages, not
 * the actuator, on every interface the connector binds. Secure requests pass through, so the filter is harmless
 * on the HTTPS connector. The application never sees the request, not even through its error page.
 * {@code certmagic.http.serve-application=true} leaves this filter out on purpose.
 */
public class PlainHttpNotFoundFilter extends HttpFilter {

    /**
     * Answers a plain-HTTP request with {@code 404}, or passes a secure one on.
     */
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.isSecure()) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(0);
    }
}
