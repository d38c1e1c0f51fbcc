package dev.certmagic.certificate;

import java.net.IDN;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Rules for host names: the canonical form used as a cache key, whether a name may appear in a certificate at all,
 * whether a public CA can issue for it, and RFC 6125 wildcard matching.
 *
 * <p>{@link #normalize(String)} runs on untrusted SNI values during handshakes, so it never throws and answers
 * {@code null} for anything that cannot be a host name; the other methods expect names already normalized.
 */
public final class HostNames {

    /** The longest DNS name in presentation form without the trailing dot (RFC 1035). */
    private static final int MAX_NAME_LENGTH = 253;

    private static final int MAX_LABEL_LENGTH = 63;

    /** Guards IDN conversion against absurd input before any work is done. */
    private static final int MAX_RAW_LENGTH = 1024;

    /** Characters CertMagic refuses in a subject (SubjectQualifiesForCert). */
    private static final String ILLEGAL_SUBJECT_CHARACTERS = "()[]{}<> \t\n\"\\!@#$%^&|;'+=";

    private HostNames() {
    }

    /**
     * Brings a host name into the one form used for lookups and storage: IDN labels converted to ASCII
     * (punycode), lowercase ({@link Locale#ROOT}), one trailing dot removed. IP literals pass through lowercase.
     *
     * @param name a host name from configuration or from a client's SNI; may be {@code null}
     * @return the normalized name, or {@code null} when the input is null, empty, too long, has an empty or
     *     overlong label, or contains characters that cannot appear in a host name or IP literal. Never throws.
     */
    public static @Nullable String normalize(@Nullable String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_RAW_LENGTH) {
            return null;
        }
        String ascii = name;
        if (!isAscii(name)) {
            try {
                ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
            } catch (RuntimeException e) {
                // IllegalArgumentException for malformed labels; anything else is equally a rejection.
                return null;
            }
        }
        int end = ascii.length();
        if (end > 0 && ascii.charAt(end - 1) == '.') {
            end--;
        }
        if (end == 0 || end > MAX_NAME_LENGTH) {
            return null;
        }
        if (!hasValidShape(ascii, end)) {
            return null;
        }
        String trimmed = end == ascii.length() ? ascii : ascii.substring(0, end);
        return hasUpperCase(trimmed) ? trimmed.toLowerCase(Locale.ROOT) : trimmed;
    }

    /**
     * Tells whether a name may appear as a subject in a certificate (CertMagic's {@code SubjectQualifiesForCert}):
     * not blank, no leading or trailing dot, a wildcard only as the whole left-most label (and never alone), and
     * none of the characters {@code ()[]{}<> "\!@#$%^&|;'+=} or whitespace.
     *
     * @param name a normalized name
     * @return whether the name can be a certificate subject
     */
    public static boolean qualifies(String name) {
        if (name == null || name.isBlank()) {
            return false;
        }
        if (name.startsWith(".") || name.endsWith(".")) {
            return false;
        }
        int star = name.indexOf('*');
        if (star >= 0) {
            boolean onlyLeftMost = star == 0 && name.length() > 2 && name.charAt(1) == '.'
                    && name.indexOf('*', 1) < 0;
            if (!onlyLeftMost) {
                return false;
            }
        }
        for (int i = 0; i < name.length(); i++) {
            if (ILLEGAL_SUBJECT_CHARACTERS.indexOf(name.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether a public CA can be asked for a certificate for this name (CertMagic's
     * {@code SubjectQualifiesForPublicCert}, a little stricter): it must {@link #qualifies(String) qualify}, must
     * not be {@code localhost} or end in {@code .localhost}, {@code .local}, {@code .internal} or
     * {@code .home.arpa}, must not be an IP address (public CAs do not issue for IPs by default here), and a
     * wildcard must cover more than a top-level domain ({@code *.com} is refused).
     *
     * @param name a normalized name
     * @return whether a public ACME CA could issue for the name
     */
    public static boolean qualifiesForPublicCert(String name) {
        if (!qualifies(name)) {
            return false;
        }
        if (name.equals("localhost") || name.endsWith(".localhost") || name.endsWith(".local")
                || name.endsWith(".internal") || name.endsWith(".home.arpa") || name.equals("home.arpa")) {
            return false;
        }
        if (isIpAddress(name)) {
            return false;
        }
        if (name.startsWith("*.")) {
            return name.indexOf('.', 2) > 2;
        }
        // A bare top-level label (no dot) is not a publicly issuable name either.
        return name.indexOf('.') > 0;
    }

    /**
     * Tells whether a name is an IPv4 dotted quad or an IPv6 literal (with or without brackets). Decided from the
     * characters alone: no DNS lookup is ever made.
     *
     * @param name a name
     * @return whether it is an IP literal
     */
    public static boolean isIpAddress(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        if (name.indexOf(':') >= 0) {
            return isIpv6(name);
        }
        return isIpv4(name);
    }

    /**
     * Matches a certificate subject against a host name per RFC 6125 section 6.4.3, restricted as browsers do: a
     * wildcard is only the whole left-most label and stands for exactly one non-empty label.
     *
     * @param subject a normalized subject from a certificate, possibly {@code *.example.com}
     * @param host a normalized host name
     * @return whether the subject covers the host
     */
    public static boolean matches(String subject, String host) {
        if (subject == null || host == null) {
            return false;
        }
        if (subject.equals(host)) {
            return true;
        }
        if (!subject.startsWith("*.") || subject.length() < 3) {
            return false;
        }
        int dot = host.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        // The remainder after the first label must equal the subject's remainder after "*".
        return host.regionMatches(dot, subject, 1, subject.length() - 1) && host.length() - dot == subject.length() - 1;
    }

    /**
     * Returns the wildcard name that would cover a host: {@code *.example.com} for {@code a.example.com}.
     *
     * @param host a normalized host name
     * @return the covering wildcard, or {@code null} when the host has a single label or is itself a wildcard
     */
    public static @Nullable String wildcardFor(@Nullable String host) {
        if (host == null || host.startsWith("*")) {
            return null;
        }
        int dot = host.indexOf('.');
        if (dot <= 0 || dot == host.length() - 1) {
            return null;
        }
        return "*" + host.substring(dot);
    }

    private static boolean hasValidShape(String ascii, int end) {
        int labelLength = 0;
        for (int i = 0; i < end; i++) {
            char c = ascii.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labelLength = 0;
                continue;
            }
            if (!isHostCharacter(c)) {
                return false;
            }
            if (++labelLength > MAX_LABEL_LENGTH) {
                return false;
            }
        }
        return labelLength > 0;
    }

    private static boolean isHostCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '*' || c == ':' || c == '[' || c == ']';
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasUpperCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return true;
            }
        }
        return false;
    }

    private static boolean isIpv4(String name) {
        int parts = 0;
        int value = -1;
        for (int i = 0; i <= name.length(); i++) {
            char c = i < name.length() ? name.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || ++parts > 4) {
                    return false;
                }
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return parts == 4;
    }

    private static boolean isIpv6(String name) {
        String s = name;
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int colons = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':') {
                colons++;
            } else if (!(Character.digit(c, 16) >= 0 || c == '.')) {
                return false;
            }
        }
        return colons >= 2 && colons <= 7;
    }
}
