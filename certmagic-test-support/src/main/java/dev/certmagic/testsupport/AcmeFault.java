package dev.certmagic.testsupport;

import java.time.Duration;
import java.util.Objects;

/**
 * An error answer that {@link AcmeFaultProxy} gives instead of forwarding a request to the CA: an HTTP status, an
 * RFC 7807 problem document of an ACME error type and, optionally, a {@code Retry-After} header in seconds.
 *
 * @param status the HTTP status, e.g. 503 or 429
 * @param problemType the full ACME error type, e.g. {@code urn:ietf:params:acme:error:rateLimited}
 * @param detail the problem's human-readable detail
 * @param retryAfter the {@code Retry-After} delay, or {@code null} for none
 */
public record AcmeFault(int status, String problemType, String detail, Duration retryAfter) {

    /**
     * Checks the components.
     *
     * @param status the HTTP status
     * @param problemType the full ACME error type
     * @param detail the problem's detail
     * @param retryAfter the {@code Retry-After} delay, or {@code null}
     */
    public AcmeFault {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("A fault is an error status, was " + status);
        }
        Objects.requireNonNull(problemType, "problemType");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * A CA in maintenance or overloaded: {@code 503} with {@code serverInternal} and {@code Retry-After}.
     *
     * @param retryAfter when to come back
     * @return the fault
     */
    public static AcmeFault serviceUnavailable(Duration retryAfter) {
        return new AcmeFault(503, "urn:ietf:params:acme:error:serverInternal",
                "The service is down for maintenance (injected by AcmeFaultProxy)", retryAfter);
    }

    /**
     * A rate limit hit: {@code 429} with {@code rateLimited} and {@code Retry-After}.
     *
     * @param retryAfter when the limit allows the next order
     * @return the fault
     */
    public static AcmeFault rateLimited(Duration retryAfter) {
        return new AcmeFault(429, "urn:ietf:params:acme:error:rateLimited",
                "Too many new orders recently (injected by AcmeFaultProxy)", retryAfter);
    }

    String problemJson() {
        return "{\"type\":\"" + problemType + "\",\"detail\":\"" + detail.replace("\"", "'") + "\",\"status\":"
                + status + "}";
    }
}
