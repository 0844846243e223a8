package io.cryptostream.feed;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Times and whole numbers as venues write them, parsed straight from a frame's characters. Each parse has one
 * reference, the String-based parse named in its comment, and gives exactly what it gives: the common shapes take
 * a short path, anything else is handed to the reference itself (so it also throws what the reference throws).
 */
public final class WireTime {

    private static final long SECONDS_PER_DAY = 86_400L;
    private static final long DAYS_0000_TO_1970 = 719_528L;
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final int MOST_FAST_DIGITS = 18;
    private static final int[] NANOS_PER_DIGIT = {1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000,
            1_000, 100, 10, 1};

    private WireTime() {
    }

    /**
     * {@code OffsetDateTime.parse(text).toInstant()}: ISO-8601 with any number of fraction digits and a {@code Z} or
     * numeric offset, e.g. {@code 2025-01-01T00:01:00.719999Z}.
     */
    public static Instant iso(CharSequence text, int begin, int end) {
        Instant instant = isoShortPath(text, begin, end);
        return instant != null ? instant : OffsetDateTime.parse(text.subSequence(begin, end)).toInstant();
    }

    /** {@code Instant.ofEpochMilli(Long.parseLong(text))}. */
    public static Instant epochMillis(CharSequence text, int begin, int end) {
        long digits = plainDigits(text, begin, end);
        return Instant.ofEpochMilli(digits >= 0 ? digits : Long.parseLong(text, begin, end, 10));
    }

    /** Whole µs since the epoch written as any decimal, {@code new BigDecimal(text).longValueExact()} µs. */
    public static Instant epochMicros(CharSequence text, int begin, int end) {
        long us = longExact(text, begin, end);
        return Instant.ofEpochSecond(Math.floorDiv(us, MICROS_PER_SECOND), Math.floorMod(us, MICROS_PER_SECOND) * 1_000L);
    }

    /** Whole seconds since the epoch written as any decimal, {@code new BigDecimal(text).longValueExact()} s. */
    public static Instant epochSeconds(CharSequence text, int begin, int end) {
        return Instant.ofEpochSecond(longExact(text, begin, end));
    }

    /**
     * Seconds since the epoch with a fraction, e.g. {@code 1618678150.826417}, exact to the digits given: the floor of
     * {@code new BigDecimal(text)} as seconds and the rest as nanoseconds (which must be whole).
     */
    public static Instant epochSecondsWithFraction(CharSequence text, int begin, int end) {
        int point = begin;
        while (point < end && isDigit(text.charAt(point))) {
            point++;
        }
        int fractionDigits = end - point - 1;
        if (point > begin && point - begin <= MOST_FAST_DIGITS && point < end && text.charAt(point) == '.'
                && fractionDigits >= 1 && fractionDigits <= 9) {
            int nanos = digits(text, point + 1, fractionDigits);
            if (nanos >= 0) {
                return Instant.ofEpochSecond(Long.parseLong(text, begin, point, 10),
                        (long) nanos * NANOS_PER_DIGIT[fractionDigits]);
            }
        }
        BigDecimal value = new BigDecimal(text.subSequence(begin, end).toString());
        BigDecimal seconds = value.setScale(0, RoundingMode.FLOOR);
        int nanos = value.subtract(seconds).movePointRight(9).intValueExact();
        return Instant.ofEpochSecond(seconds.longValueExact(), nanos);
    }

    /** {@code new BigDecimal(text).longValueExact()}: a whole number written as any decimal ({@code 1e3}, {@code 7.0}). */
    public static long longExact(CharSequence text, int begin, int end) {
        long digits = plainDigits(text, begin, end);
        return digits >= 0 ? digits : new BigDecimal(text.subSequence(begin, end).toString()).longValueExact();
    }

    /** 1 to 18 ASCII digits as their number (which fits a long), -1 for any other text. */
    private static long plainDigits(CharSequence text, int begin, int end) {
        int length = end - begin;
        if (length < 1 || length > MOST_FAST_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = begin; i < end; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)} with valid fields; null for any other text. */
    private static Instant isoShortPath(CharSequence s, int b, int end) {
        if (end - b < 20 || s.charAt(b + 4) != '-' || s.charAt(b + 7) != '-' || s.charAt(b + 10) != 'T'
                || s.charAt(b + 13) != ':' || s.charAt(b + 16) != ':') {
            return null;
        }
        int year = digits(s, b, 4);
        int month = digits(s, b + 5, 2);
        int day = digits(s, b + 8, 2);
        int hour = digits(s, b + 11, 2);
        int minute = digits(s, b + 14, 2);
        int second = digits(s, b + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour < 0
                || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = b + 19;
        long nanos = 0;
        if (s.charAt(i) == '.') {
            int first = ++i;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
            }
            int count = i - first;
            if (count < 1 || count > 9) {
                return null;
            }
            nanos = (long) digits(s, first, count) * NANOS_PER_DIGIT[count];
        }
        int offsetSeconds;
        if (i == end - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == end - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int hours = digits(s, i + 1, 2);
            int minutes = digits(s, i + 4, 2);
            if (hours < 0 || minutes < 0 || minutes > 59 || hours * 3600 + minutes * 60 > 18 * 3600) {
                return null;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        } else {
            return null;
        }
        long seconds = epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** As {@code LocalDate.toEpochDay}, for years 0 to 9999. */
    private static long epochDay(int year, int month, int day) {
        long total = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
        total += (367L * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total -= isLeap(year) ? 1 : 2;
        }
        return total - DAYS_0000_TO_1970;
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** The {@code count} ASCII digits at {@code from} as a number, -1 when one is no digit. */
    private static int digits(CharSequence s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
