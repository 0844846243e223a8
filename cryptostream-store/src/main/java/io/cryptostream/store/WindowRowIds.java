package io.cryptostream.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/**
 * The {@code uuid} (timeuuid) column of a window row, derived from the row key so that a replayed batch rewrites
 * the identical row: a version-1 UUID whose timestamp is the window start and whose clock-sequence and node
 * bits are the first 62 bits of SHA-256 over exchange, direction, base and quote.
 */
public final class WindowRowIds {

    /** 100 ns intervals between the Gregorian calendar reform (1582-10-15) and the Unix epoch. */
    private static final long GREGORIAN_TO_UNIX_100NS = 0x01B21DD213814000L;

    private WindowRowIds() {
    }

    public static UUID timeUuid(Instant windowStart, String exchange, String direction, String base, String quote) {
        long ticks = GREGORIAN_TO_UNIX_100NS + windowStart.getEpochSecond() * 10_000_000L + windowStart.getNano() / 100;
        long timeLow = ticks & 0xFFFF_FFFFL;
        long timeMid = (ticks >>> 32) & 0xFFFFL;
        long timeHigh = (ticks >>> 48) & 0x0FFFL;
        long msb = (timeLow << 32) | (timeMid << 16) | (1L << 12) | timeHigh;
        long hash = firstLong(sha256(exchange + '\u0000' + direction + '\u0000' + base + '\u0000' + quote));
        long lsb = (hash & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant 10xx
        return new UUID(msb, lsb);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static long firstLong(byte[] bytes) {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }
}
