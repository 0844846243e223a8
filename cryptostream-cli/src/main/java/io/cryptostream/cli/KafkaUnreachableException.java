package io.cryptostream.cli;

/** No Kafka broker answered at the configured address; the message says what to check. */
final class KafkaUnreachableException extends RuntimeException {
    KafkaUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
