package dev.certmagic.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The lock file format, Go CertMagic's {@code lockMeta}: round trip, CertMagic's own files read with its staleness
 * rule, and every kind of damage to ours read as garbage rather than a wrong heartbeat.
 */
class LockRecordTest {

    private static final Instant T = Instant.parse("2026-11-29T02:00:00.123Z");

    @Test
    void encodedRecordDecodesToTheSameRecord() {
        LockRecord record = new LockRecord("owner-1", "token-1", T);

        assertThat(LockRecord.decode(record.encode())).isEqualTo(record);
    }

    @Test
    void refreshedRecordsKeepTheirLength() {
        LockRecord record = new LockRecord("owner-1", "token-1", Instant.EPOCH);

        assertThat(record.refreshed(T).encode()).hasSameSizeAs(record.encode());
    }

    @Test
    void emptyTruncatedOrAlteredContentIsGarbage() {
        byte[] good = new LockRecord("owner-1", "token-1", T).encode();
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        byte[] altered = good.clone();
        int digit = new String(good, StandardCharsets.UTF_8).indexOf("\"updated\":\"") + "\"updated\":\"".length() + 15;
        altered[digit] = (byte) (altered[digit] == '9' ? '8' : altered[digit] + 1);

        assertThat(LockRecord.decode(new byte[0])).isNull();
        assertThat(LockRecord.decode(truncated)).isNull();
        assertThat(LockRecord.decode(altered)).isNull();
        assertThat(LockRecord.decode("hello\n".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(LockRecord.decode(new byte[] {(byte) 0xff, 0, '\n'})).isNull();
    }

    @Test
    void recordIsStaleOnlyOnceItsHeartbeatIsOlderThanTheBound() {
        LockRecord record = new LockRecord("o", "t", T);

        assertThat(record.isStale(T.plusSeconds(30), Duration.ofSeconds(30))).isFalse();
        assertThat(record.isStale(T.plusSeconds(30).plusMillis(1), Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void sameAcquisitionNeedsOwnerAndToken() {
        LockRecord record = new LockRecord("o", "t", T);

        assertThat(record.sameAcquisition(record.refreshed(T.plusSeconds(5)))).isTrue();
        assertThat(record.sameAcquisition(new LockRecord("o", "other", T))).isFalse();
        assertThat(record.sameAcquisition(new LockRecord("x", "t", T))).isFalse();
        assertThat(record.sameAcquisition(null)).isFalse();
    }

    @Test
    void ourRecordIsCertMagicsLockMetaWithAnExtraObject() {
        String text = new String(new LockRecord("owner-1", "token-1", T).encode(), StandardCharsets.UTF_8);

        assertThat(text).startsWith("{\"created\":\"2026-11-29T02:00:00.123000000Z\","
                + "\"updated\":\"2026-11-29T02:00:00.123000000Z\",\"certmagic_java\":{\"owner\":\"owner-1\"")
                .endsWith("}}\n");
    }

    @Test
    void aLockCertMagicWroteIsReadWithItsTimesAndNoOwner() {
        // json.NewEncoder(f).Encode(lockMeta{...}) with a local zone and Go's trimmed fraction.
        byte[] go = "{\"created\":\"2026-11-29T03:00:00.5+01:00\",\"updated\":\"2026-11-29T03:00:04.25+01:00\"}\n"
                .getBytes(StandardCharsets.UTF_8);

        LockRecord record = LockRecord.decode(go);

        assertThat(record).isNotNull();
        assertThat(record.owner()).isNull();
        assertThat(record.created()).isEqualTo(Instant.parse("2026-11-29T02:00:00.500Z"));
        assertThat(record.heartbeat()).isEqualTo(Instant.parse("2026-11-29T02:00:04.250Z"));
        assertThat(record.sameAcquisition(record)).isFalse();
        assertThat(record.isStale(Instant.parse("2026-11-29T02:00:14.250Z"), Duration.ofSeconds(10))).isFalse();
        assertThat(record.isStale(Instant.parse("2026-11-29T02:00:14.251Z"), Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aZeroUpdatedTimeFallsBackToCreatedAsInCertMagic() {
        byte[] go = "{\"created\":\"2026-11-29T02:00:00Z\",\"updated\":\"0001-01-01T00:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);

        LockRecord record = LockRecord.decode(go);

        assertThat(record.isStale(T.plusSeconds(9), Duration.ofSeconds(10))).isFalse();
        assertThat(record.isStale(T.plusSeconds(11), Duration.ofSeconds(10))).isTrue();
        assertThat(LockRecord.decode("{}".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
