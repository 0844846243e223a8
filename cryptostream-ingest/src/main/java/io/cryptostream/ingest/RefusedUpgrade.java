package io.cryptostream.ingest;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A WebSocket upgrade that a venue answered with {@code status} instead of 101, and the reactions venues share.
 *
 * @param what the status and the server's reason as log and error messages show them, e.g. {@code 429 Too Many}
 */
record RefusedUpgrade(String venue, int status, String what) {

    static RefusedUpgrade of(String venue, int status, String reason) {
        return new RefusedUpgrade(venue, status, status + (reason == null || reason.isBlank() ? "" : " " + reason));
    }

    /** The same refusal with {@code what} masked, for venues whose server texts may carry a credential. */
    RefusedUpgrade redacted(UnaryOperator<String> redact) {
        return new RefusedUpgrade(venue, status, redact.apply(what));
    }

    /** 429 is the venue's rate limit: wait it out; anything else: reconnect. */
    ServerReaction reaction(IngestSettings settings) {
        return status == 429 ? reconnectAfterRateLimitWait(settings) : reconnect();
    }

    ServerReaction reconnectAfterRateLimitWait(IngestSettings settings) {
        return new ServerReaction.Reconnect(venue + " refused the WebSocket upgrade (" + what
                + "); connecting again in no less than " + Durations.format(settings.rateLimitedWait()),
                settings.rateLimitedWait());
    }

    ServerReaction reconnect() {
        return new ServerReaction.Reconnect(venue + " refused the WebSocket upgrade (" + what + ")", Duration.ZERO);
    }
}
