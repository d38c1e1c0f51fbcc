package dev.certmagic.storage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The content of a lock file: who holds the lock (an owner id, random per {@link FileStorage} instance), which
 * acquisition this is (a random token, so that two acquisitions by the same owner are told apart), and when the
 * holder last proved it is alive (the heartbeat).
 *
 * <p>The text is one line of fixed length, protected by a CRC-32, so that a reader that races a heartbeat
 * rewrite sees either a valid record or garbage, never a plausible but wrong heartbeat. Garbage is handled by
 * the caller (it falls back to the file's modification time).
 *
 * @param owner the holder's owner id
 * @param token the acquisition's random token
 * @param heartbeat when the holder last refreshed the lock
 */
record LockRecord(String owner, String token, Instant heartbeat) {

    private static final String MAGIC = "certmagic-lock/1";

    LockRecord {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (owner.contains(" ") || token.contains(" ")) {
            throw new IllegalArgumentException("owner and token must not contain spaces");
        }
    }

    /**
     * Returns the same acquisition with a newer heartbeat.
     *
     * @param now the new heartbeat
     * @return the refreshed record
     */
    LockRecord refreshed(Instant now) {
        return new LockRecord(owner, token, now);
    }

    /**
     * Tells whether this record belongs to the same acquisition as {@code other}.
     *
     * @param other another record, possibly {@code null}
     * @return {@code true} if owner and token match
     */
    boolean sameAcquisition(LockRecord other) {
        return other != null && owner.equals(other.owner) && token.equals(other.token);
    }

    /**
     * Decides whether the holder has stopped keeping this lock alive.
     *
     * @param now the current time
     * @param staleAfter how old a heartbeat may get before the lock is abandoned
     * @return {@code true} if the heartbeat is older than {@code staleAfter}
     */
    boolean isStale(Instant now, Duration staleAfter) {
        return heartbeat.plus(staleAfter).isBefore(now);
    }

    /**
     * Encodes the record as the lock file's content.
     *
     * @return UTF-8 text ending with a newline
     */
    byte[] encode() {
        String body = MAGIC + " owner=" + owner + " token=" + token + " heartbeat="
                + String.format("%019d", heartbeat.toEpochMilli());
        return (body + " crc=" + crcOf(body) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a lock file's content.
     *
     * @param content the bytes read from a lock file
     * @return the record, or {@code null} if the content is empty, truncated or not a lock record
     */
    static LockRecord decode(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.endsWith("\n")) {
            return null;
        }
        text = text.substring(0, text.length() - 1);
        int crcAt = text.lastIndexOf(" crc=");
        if (crcAt < 0) {
            return null;
        }
        String body = text.substring(0, crcAt);
        if (!text.substring(crcAt + 5).equals(crcOf(body))) {
            return null;
        }
        String[] parts = body.split(" ");
        if (parts.length != 4 || !parts[0].equals(MAGIC) || !parts[1].startsWith("owner=")
                || !parts[2].startsWith("token=") || !parts[3].startsWith("heartbeat=")) {
            return null;
        }
        try {
            Instant heartbeat = Instant.ofEpochMilli(Long.parseLong(parts[3].substring("heartbeat=".length())));
            return new LockRecord(parts[1].substring("owner=".length()), parts[2].substring("token=".length()),
                    heartbeat);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String crcOf(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}
