package dev.certmagic.storage;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Values whose integrity can be checked after a crash: magic, payload length, sequence number, a payload that
 * the sequence number determines, and a CRC-32 over all of it. A truncated, mixed or zero-filled value fails
 * {@link #isIntact(byte[])}.
 */
final class FramedValue {

    private static final int MAGIC = 0x434d4356; // "CMCV"
    private static final int HEADER = 4 + 4 + 8;
    private static final int TRAILER = 8;

    private FramedValue() {
    }

    /** Builds the value for one sequence number; its length varies between 1 KiB and about 300 KiB. */
    static byte[] of(long sequence) {
        SplittableRandom random = new SplittableRandom(sequence);
        int length = 1_024 + random.nextInt(300_000);
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + length + TRAILER);
        buffer.putInt(MAGIC).putInt(length).putLong(sequence);
        byte[] payload = new byte[length];
        random.nextBytes(payload);
        buffer.put(payload);
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, HEADER + length);
        buffer.putLong(crc.getValue());
        return buffer.array();
    }

    /** Tells whether {@code value} is exactly a value that {@link #of(long)} produced. */
    static boolean isIntact(byte[] value) {
        if (value.length < HEADER + TRAILER) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        if (buffer.getInt() != MAGIC) {
            return false;
        }
        int length = buffer.getInt();
        long sequence = buffer.getLong();
        if (length < 0 || value.length != HEADER + length + TRAILER) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(value, 0, HEADER + length);
        return ByteBuffer.wrap(value, HEADER + length, TRAILER).getLong() == crc.getValue()
                && java.util.Arrays.equals(value, of(sequence));
    }
}
