package io.cryptostream.ingest;

import java.time.Duration;

/**
 * How a Kafka sink's deliveries stand now.
 *
 * @param topic            the topic the records go to
 * @param acknowledged     records Kafka acknowledged in this run, sent directly or drained from the spool
 * @param sendErrors       sends Kafka answered with an error (each is retried, directly or from the spool)
 * @param unacknowledged   records sent directly and not acknowledged yet
 * @param maxUnacknowledged the bound on those, beyond which the socket is backpressured
 * @param oldestUnsentAge  how long the oldest record not yet acknowledged has waited: zero when none waits
 * @param spool            what the spool holds now, for records Kafka did not take in time
 */
public record DeliveryStats(String topic, long acknowledged, long sendErrors, int unacknowledged,
                            int maxUnacknowledged, Duration oldestUnsentAge, SpoolStats spool) {

    /** The share of the bound on unacknowledged records in use, 0 to 1. */
    public double bufferFill() {
        return (double) unacknowledged / maxUnacknowledged;
    }

    /** The share of the spool's bound in use, 0 to 1; at 1 ingest stops. */
    public double spoolFill() {
        return (double) spool.bytes() / spool.maxBytes();
    }
}
