package dev.certmagic.storage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import org.shredzone.acme4j.toolbox.JSON;

/**
 * The content of a lock file, in Go CertMagic's format so that Caddy and this project see each other's locks:
 * {@code {"created":…,"updated":…}} (RFC 3339 times, CertMagic's {@code lockMeta}). CertMagic refreshes
 * {@code updated} every 5 seconds and takes a lock over once it is more than 10 seconds old; this project does the
 * same by default.
 *
 * <p>Our own locks add a sibling object CertMagic ignores, {@code "certmagic_java":{"owner","token","crc"}}: who
 * holds the lock (an owner id, random per {@link FileStorage} instance), which acquisition this is (a random
 * token), and a CRC-32 over both times, owner and token, so that a reader racing a heartbeat rewrite of our
 * fixed-length text sees either the record or garbage, never a plausible but wrong heartbeat. Garbage is left to
 * the caller (it falls back to the file's modification time). A lock CertMagic wrote has no owner and no token.
 *
 * @param owner the holder's owner id, {@code null} for a lock written by CertMagic
 * @param token the acquisition's random token, {@code null} for a lock written by CertMagic
 * @param created when the lock was taken
 * @param heartbeat when the holder last refreshed the lock ({@code updated})
 */
record LockRecord(String owner, String token, Instant created, Instant heartbeat) {

    /** Go's zero {@code time.Time}, which CertMagic reads as "not set". */
    static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private static final String OURS = "certmagic_java";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.-]+");
    /** Always nine fraction digits and {@code Z}, so that a refresh rewrites text of the same length. */
    private static final DateTimeFormatter FIXED = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    LockRecord {
        if ((owner == null) != (token == null)) {
            throw new IllegalArgumentException("owner and token are both set or both absent");
        }
        if (owner != null && (!PLAIN.matcher(owner).matches() || !PLAIN.matcher(token).matches())) {
            throw new IllegalArgumentException("owner and token must be plain identifiers");
        }
        if (created == null || heartbeat == null) {
            throw new NullPointerException("created and heartbeat are required");
        }
    }

    /**
     * A new acquisition, taken and refreshed at {@code now}.
     *
     * @param owner the holder's owner id
     * @param token the acquisition's random token
     * @param now the time of acquisition
     */
    LockRecord(String owner, String token, Instant now) {
        this(owner, token, now, now);
    }

    /**
     * Returns the same acquisition with a newer heartbeat.
     *
     * @param now the new heartbeat
     * @return the refreshed record
     */
    LockRecord refreshed(Instant now) {
        return new LockRecord(owner, token, created, now);
    }

    /**
     * Tells whether this record belongs to the same acquisition as {@code other}; never for CertMagic's locks,
     * which carry no token.
     *
     * @param other another record, possibly {@code null}
     * @return {@code true} if owner and token match
     */
    boolean sameAcquisition(LockRecord other) {
        return other != null && token != null && owner.equals(other.owner) && token.equals(other.token);
    }

    /**
     * Decides whether the holder has stopped keeping this lock alive, as CertMagic's {@code fileLockIsStale}
     * does: by {@code updated}, or by {@code created} when {@code updated} is Go's zero time.
     *
     * @param now the current time
     * @param staleAfter how old a heartbeat may get before the lock is abandoned
     * @return {@code true} if the last sign of life is older than {@code staleAfter}
     */
    boolean isStale(Instant now, Duration staleAfter) {
        Instant reference = heartbeat.equals(GO_ZERO_TIME) ? created : heartbeat;
        return reference.plus(staleAfter).isBefore(now);
    }

    /**
     * Encodes the record as the lock file's content; records of one acquisition always have the same length.
     *
     * @return UTF-8 JSON ending with a newline
     */
    byte[] encode() {
        if (owner == null) {
            throw new IllegalStateException("Only our own locks are written");
        }
        String created = FIXED.format(this.created);
        String updated = FIXED.format(heartbeat);
        return ("{\"created\":\"" + created + "\",\"updated\":\"" + updated + "\",\"" + OURS + "\":{\"owner\":\""
                + owner + "\",\"token\":\"" + token + "\",\"crc\":\"" + crcOf(created, updated, owner, token)
                + "\"}}\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a lock file's content, ours or CertMagic's.
     *
     * @param content the bytes read from a lock file
     * @return the record, or {@code null} if the content is empty, truncated, not a lock or fails its checksum
     */
    static LockRecord decode(byte[] content) {
        try {
            JSON json = JSON.parse(new String(content, StandardCharsets.UTF_8));
            String createdText = json.get("created").optional().map(JSON.Value::asString).orElse(null);
            String updatedText = json.get("updated").optional().map(JSON.Value::asString).orElse(null);
            Instant created = createdText != null ? parseTime(createdText) : GO_ZERO_TIME;
            Instant updated = updatedText != null ? parseTime(updatedText) : GO_ZERO_TIME;
            if (created.equals(GO_ZERO_TIME) && updated.equals(GO_ZERO_TIME)) {
                return null;
            }
            if (!json.contains(OURS)) {
                return new LockRecord(null, null, created, updated);
            }
            JSON ours = json.get(OURS).asObject();
            String owner = ours.get("owner").asString();
            String token = ours.get("token").asString();
            if (!ours.get("crc").asString().equals(crcOf(createdText, updatedText, owner, token))) {
                return null;
            }
            return new LockRecord(owner, token, created, updated);
        } catch (RuntimeException garbage) {
            return null;
        }
    }

    private static Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 time: " + text, e);
        }
    }

    private static String crcOf(String created, String updated, String owner, String token) {
        CRC32 crc = new CRC32();
        crc.update((created + " " + updated + " " + owner + " " + token).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}
