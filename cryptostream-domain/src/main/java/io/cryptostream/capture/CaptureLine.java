package io.cryptostream.capture;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a capture file, in any of the formats cryptostream reads:
 *
 * <ul>
 *   <li>cryptostream's own record format and hftbacktest's collector: {@code <receive unix ns> <frame>};</li>
 *   <li>cryptofeed's raw capture: {@code <receive unix s as a float>: <frame>} for received frames, plus
 *       {@code <url> <-> <ts>} (connection opened), {@code <url> <- <ts>: <json>} (sent by the client),
 *       {@code <url> -> <ts>: <body>} (REST) and {@code configuration: ...} lines, which are not frames;</li>
 *   <li>plain JSON, one frame per line, with no receive time.</li>
 * </ul>
 */
public sealed interface CaptureLine {

    /** A frame the client received; {@code receivedAt} is empty when the format has no receive time. */
    record Frame(Optional<Instant> receivedAt, String frame) implements CaptureLine {
    }

    /** A line that is not a received frame (connection marker, sent request, REST body, header, blank). */
    record NotAFrame(String kind) implements CaptureLine {
    }

    Pattern NANOS = Pattern.compile("^(\\d{19}) (.+)$", Pattern.DOTALL);
    Pattern CRYPTOFEED_RECEIVED = Pattern.compile("^(\\d{9,11}\\.\\d+): (.+)$", Pattern.DOTALL);
    Pattern CRYPTOFEED_CONTROL = Pattern.compile("^\\S+://\\S+ (<->|<-|->) .*$", Pattern.DOTALL);

    static CaptureLine parse(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return new NotAFrame("blank");
        }
        Matcher nanos = NANOS.matcher(text);
        if (nanos.matches()) {
            long ns = Long.parseLong(nanos.group(1));
            return new Frame(Optional.of(Instant.ofEpochSecond(0, ns)), nanos.group(2));
        }
        Matcher received = CRYPTOFEED_RECEIVED.matcher(text);
        if (received.matches()) {
            BigDecimal seconds = new BigDecimal(received.group(1));
            long whole = seconds.longValue();
            long nanosPart = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return new Frame(Optional.of(Instant.ofEpochSecond(whole, nanosPart)), received.group(2));
        }
        Matcher control = CRYPTOFEED_CONTROL.matcher(text);
        if (control.matches()) {
            return new NotAFrame(switch (control.group(1)) {
                case "<->" -> "connection opened";
                case "<-" -> "sent by the client";
                default -> "REST response";
            });
        }
        if (text.startsWith("configuration:")) {
            return new NotAFrame("configuration header");
        }
        if (text.startsWith("{") || text.startsWith("[")) {
            return new Frame(Optional.empty(), text);
        }
        return new NotAFrame("unrecognized line");
    }
}
