package io.cryptostream.cli;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The main class of the {@code spark-submit} jar (cryptostream-spark-job): the {@code aggregate} command, Kafka topic
 * -> 1-minute windows -> Cassandra, taking the same flags and settings. The session keeps the master spark-submit
 * was given ({@code --master}).
 */
public final class AggregateJob {

    private AggregateJob() {
    }

    public static void main(String[] args) {
        CryptostreamCommand.main(Stream.concat(Stream.of("aggregate"), Arrays.stream(args)).toArray(String[]::new));
    }
}
