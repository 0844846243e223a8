package io.cryptostream.ingest;

/** Kafka did not take trades within the producer's delivery timeout, or refused them. */
public final class KafkaUnavailableException extends IngestException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
