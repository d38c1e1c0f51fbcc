package dev.certmagic.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lock file format: round trip, and every kind of damage read as garbage rather than a wrong heartbeat. */
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
        int digit = new String(good, StandardCharsets.UTF_8).indexOf("heartbeat=") + "heartbeat=".length() + 12;
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
}
