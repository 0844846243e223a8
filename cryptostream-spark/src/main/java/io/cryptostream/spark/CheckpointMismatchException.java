package io.cryptostream.spark;

import java.nio.file.Path;

/** The checkpoint directory holds state or offsets this query cannot continue from; the message says what to do. */
public class CheckpointMismatchException extends RuntimeException {

    public CheckpointMismatchException(String checkpointDir, String whatDiffers, Throwable cause) {
        super("The checkpoint in " + Path.of(checkpointDir).toAbsolutePath().normalize() + " does not fit this query: "
                + whatDiffers + ". Delete that directory, or choose another one with --checkpoint. The query then"
                + " starts over from what the source still retains (Kafka: from its startingOffsets, within the"
                + " topic's retention) and rewrites those windows.", cause);
    }
}
