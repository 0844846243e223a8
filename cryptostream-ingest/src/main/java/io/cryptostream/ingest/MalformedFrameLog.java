package io.cryptostream.ingest;

import io.cryptostream.feed.FeedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Logs skipped malformed frames of one session, at most one line per interval, with a redacted excerpt. */
final class MalformedFrameLog {

    /** Under the session's name, where the logs of a session have always been. */
    private static final Logger log = LoggerFactory.getLogger(FeedSession.class);
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final int EXCERPT = 200;

    private final VenueProtocol protocol;
    private long notLogged;
    private long loggedAt = Long.MIN_VALUE;

    MalformedFrameLog(VenueProtocol protocol) {
        this.protocol = protocol;
    }

    void skipped(FeedEvent.Malformed malformed) {
        long now = System.nanoTime();
        if (loggedAt != Long.MIN_VALUE && now - loggedAt < INTERVAL.toNanos()) {
            notLogged++;
            return;
        }
        String frame = malformed.frame() == null ? "" : malformed.frame();
        String excerpt = frame.length() > EXCERPT ? frame.substring(0, EXCERPT) + "…" : frame;
        String reason = malformed.reason() == null ? "" : malformed.reason().lines().findFirst().orElse("");
        log.warn("Skipping a malformed {} frame ({}){}: {}", protocol.venue(), protocol.redact(reason),
                notLogged == 0 ? "" : "; " + notLogged + " more since the last report", protocol.redact(excerpt));
        loggedAt = now;
        notLogged = 0;
    }
}
