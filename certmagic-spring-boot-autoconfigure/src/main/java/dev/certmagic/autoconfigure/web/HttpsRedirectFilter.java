package dev.certmagic.autoconfigure.web;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sends every request that arrived over plain HTTP to the same host, path and query over HTTPS. Requests that
 * are already secure ({@link HttpServletRequest#isSecure()}) pass through, so the filter is harmless on the
 * HTTPS connector.
 *
 * <p>Status: {@code 301} for {@code GET} and {@code HEAD}, which every client and crawler understands, and
 * {@code 308} for other methods, because {@code 301} lets clients turn a {@code POST} into a {@code GET}
 * while {@code 308} keeps the method and body.
 *
 * <p>The {@code Host} header is client input and decides where the redirect points: it is validated (see
 * {@link HostHeader}) and a request with a missing or malformed one gets {@code 400}, never a redirect. The
 * redirect always names the host the client asked for, so it cannot point at another site.
 */
public class HttpsRedirectFilter extends HttpFilter {

    private final int redirectPort;

    /**
     * Creates the filter.
     *
     * @param redirectPort the public HTTPS port written into redirects; omitted from the URL when it is 443
     */
    public HttpsRedirectFilter(int redirectPort) {
        if (redirectPort < 1 || redirectPort > 65535) {
            throw new IllegalArgumentException("redirectPort must be between 1 and 65535, was " + redirectPort);
        }
        this.redirectPort = redirectPort;
    }

    /**
     * Redirects a plain-HTTP request to HTTPS, or passes a secure one on.
     */
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.isSecure()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<String> location = location(request);
        if (location.isEmpty()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        response.setStatus(PlainHttpRequests.redirectStatus(request.getMethod()));
        response.setHeader("Location", location.get());
        response.setContentLength(0);
    }

    private Optional<String> location(HttpServletRequest request) {
        return PlainHttpRequests.redirectLocation(request.getHeader("Host"), request.getRequestURI(),
                request.getQueryString(), redirectPort);
    }
}
