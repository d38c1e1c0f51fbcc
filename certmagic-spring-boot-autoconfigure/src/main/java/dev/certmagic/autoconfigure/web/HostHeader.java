package dev.certmagic.autoconfigure.web;

import java.util.Locale;
import java.util.Optional;

/**
 * A validated {@code Host} request header: the only part of a request that decides where a redirect points,
 * so it is treated as hostile input. Accepts a DNS name ({@code [a-z0-9.-_]}, labels of at most 63
 * characters), an IPv4 address or a bracketed IPv6 literal, each with an optional port; anything else
 * (userinfo, paths, backslashes, percent signs, spaces, zone ids, empty labels) is rejected.
 *
 * @param host the host, lower case, without brackets or port
 * @param ipv6 whether the host is an IPv6 literal, which needs brackets again in a URL
 */
record HostHeader(String host, boolean ipv6) {

    private static final int MAX_HOST_LENGTH = 253;

    private static final int MAX_LABEL_LENGTH = 63;

    /**
     * Parses a {@code Host} header value.
     *
     * @param value the header value, may be {@code null}
     * @return the host, or empty when the value is missing or not a plain host with an optional port
     */
    static Optional<HostHeader> parse(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_HOST_LENGTH + 8) {
            return Optional.empty();
        }
        String host;
        String port;
        boolean ipv6 = value.charAt(0) == '[';
        if (ipv6) {
            int close = value.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return Optional.empty();
            }
            port = rest.isEmpty() ? null : rest.substring(1);
            if (!isIpv6(host)) {
                return Optional.empty();
            }
        }
        else {
            int colon = value.indexOf(':');
            host = (colon < 0) ? value : value.substring(0, colon);
            port = (colon < 0) ? null : value.substring(colon + 1);
            if (!isDnsNameOrIpv4(host)) {
                return Optional.empty();
            }
        }
        if (port != null && !isPort(port)) {
            return Optional.empty();
        }
        return Optional.of(new HostHeader(host.toLowerCase(Locale.ROOT), ipv6));
    }

    /**
     * Returns the host as it is written in a URL authority.
     *
     * @return the host, bracketed when it is an IPv6 literal
     */
    String forUrl() {
        return ipv6 ? "[" + host + "]" : host;
    }

    private static boolean isDnsNameOrIpv4(String host) {
        if (host.isEmpty() || host.length() > MAX_HOST_LENGTH) {
            return false;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty()) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH || label.startsWith("-")
                    || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_';
                if (!allowed) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isIpv6(String host) {
        if (host.length() < 2 || host.length() > 45 || host.indexOf(':') < 0) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                    || c == ':' || c == '.';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPort(String port) {
        if (port.isEmpty() || port.length() > 5) {
            return false;
        }
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(port) <= 65535;
    }
}
