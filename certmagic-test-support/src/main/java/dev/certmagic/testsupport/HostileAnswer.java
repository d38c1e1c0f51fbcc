package dev.certmagic.testsupport;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Which answers {@link AcmeFaultProxy} sends the {@link HostileBody} way: those of one endpoint, optionally only
 * for requests whose decoded JWS payload contains a text (such as an order's name).
 */
record HostileAnswer(AcmeFaultProxy.Endpoint endpoint, @Nullable String payloadContains, HostileBody body) {

    /** Where Pebble serves issued certificates (POST-as-GET). */
    private static final String CERTIFICATE_PATH = "/certZ/";

    /** The body to use for a POST to {@code path}, or {@code null} when this answer does not apply. */
    @Nullable HostileBody bodyFor(String path, String newAccountPath, String newOrderPath, Supplier<String> payload) {
        boolean matches = switch (endpoint) {
            case NEW_ACCOUNT -> path.equals(newAccountPath);
            case NEW_ORDER -> path.equals(newOrderPath);
            case CERTIFICATE -> path.startsWith(CERTIFICATE_PATH);
        };
        return matches && (payloadContains == null || payload.get().contains(payloadContains)) ? body : null;
    }
}
