package dev.certmagic.autoconfigure.web.netty;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * What certmagic reads from a TLS ClientHello before any engine exists: the SNI host name and the ALPN protocols
 * offered (RFC 8446 section 4.1.2, RFC 6066 section 3, RFC 7301). The bytes come from the network, so parsing
 * never throws and never trusts a length: anything malformed reads as "no SNI, no ALPN", which the TLS engine
 * then refuses or serves the default certificate to, as it would any client without SNI.
 *
 * @param serverName the first {@code host_name} of the SNI extension, as sent (not normalized), or {@code null}
 * @param applicationProtocols the ALPN protocol names offered, in the client's order
 */
record ClientHello(@Nullable String serverName, List<String> applicationProtocols) {

    /** A ClientHello without SNI or ALPN (also what a malformed one reads as). */
    static final ClientHello EMPTY = new ClientHello(null, List.of());

    private static final int EXTENSION_SERVER_NAME = 0;

    private static final int EXTENSION_ALPN = 16;

    private static final int HOST_NAME = 0;

    /** client_version (2) and random (32) precede the session id. */
    private static final int FIXED_PREFIX = 34;

    /** More protocols than any real client offers; the rest are ignored. */
    private static final int MAX_PROTOCOLS = 16;

    ClientHello {
        applicationProtocols = List.copyOf(applicationProtocols);
    }

    /**
     * Tells whether the client offered an ALPN protocol.
     *
     * @param protocol e.g. {@code acme-tls/1}
     * @return {@code true} when offered
     */
    boolean offers(String protocol) {
        return applicationProtocols.contains(protocol);
    }

    /**
     * Parses a ClientHello handshake message body (after the 4-byte handshake header, as Netty's
     * {@code SslClientHelloHandler} hands it over). The buffer's indexes are not changed.
     *
     * @param body the message body, or {@code null} when Netty found no ClientHello
     * @return what was found; {@link #EMPTY} for a malformed or missing message
     */
    static ClientHello parse(@Nullable ByteBuf body) {
        if (body == null) {
            return EMPTY;
        }
        try {
            return parse(body, body.readerIndex(), body.writerIndex());
        } catch (IndexOutOfBoundsException e) {
            // A length pointing past the message: malformed, read as nothing offered.
            return EMPTY;
        }
    }

    private static ClientHello parse(ByteBuf in, int start, int end) {
        int offset = start + FIXED_PREFIX;
        offset += 1 + in.getUnsignedByte(offset);
        offset += 2 + in.getUnsignedShort(offset);
        offset += 1 + in.getUnsignedByte(offset);
        if (offset + 2 > end) {
            return EMPTY;
        }
        int extensionsEnd = offset + 2 + in.getUnsignedShort(offset);
        offset += 2;
        if (extensionsEnd > end) {
            return EMPTY;
        }
        String serverName = null;
        List<String> protocols = List.of();
        while (offset + 4 <= extensionsEnd) {
            int type = in.getUnsignedShort(offset);
            int length = in.getUnsignedShort(offset + 2);
            offset += 4;
            if (offset + length > extensionsEnd) {
                return EMPTY;
            }
            if (type == EXTENSION_SERVER_NAME && serverName == null) {
                serverName = serverName(in, offset, offset + length);
            } else if (type == EXTENSION_ALPN && protocols.isEmpty()) {
                protocols = protocols(in, offset, offset + length);
            }
            offset += length;
        }
        return new ClientHello(serverName, protocols);
    }

    private static @Nullable String serverName(ByteBuf in, int offset, int end) {
        if (offset + 2 > end || offset + 2 + in.getUnsignedShort(offset) > end) {
            return null;
        }
        offset += 2;
        while (offset + 3 <= end) {
            int type = in.getUnsignedByte(offset);
            int length = in.getUnsignedShort(offset + 1);
            offset += 3;
            if (offset + length > end) {
                return null;
            }
            if (type == HOST_NAME && length > 0) {
                return in.toString(offset, length, StandardCharsets.US_ASCII);
            }
            offset += length;
        }
        return null;
    }

    private static List<String> protocols(ByteBuf in, int offset, int end) {
        if (offset + 2 > end || offset + 2 + in.getUnsignedShort(offset) > end) {
            return List.of();
        }
        offset += 2;
        List<String> protocols = new ArrayList<>();
        while (offset < end && protocols.size() < MAX_PROTOCOLS) {
            int length = in.getUnsignedByte(offset);
            offset += 1;
            if (length == 0 || offset + length > end) {
                break;
            }
            protocols.add(in.toString(offset, length, StandardCharsets.US_ASCII));
            offset += length;
        }
        return protocols;
    }
}
