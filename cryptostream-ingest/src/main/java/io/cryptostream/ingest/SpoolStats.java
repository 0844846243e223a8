package io.cryptostream.ingest;

import java.nio.file.Path;

/**
 * What a Kafka sink's spool did in one run.
 *
 * @param topic    the topic the spooled records are for
 * @param file     the spool file
 * @param spooled  records appended because Kafka did not take them in time (or had not taken earlier ones yet)
 * @param drained  records of the spool Kafka took in this run, from earlier runs included
 * @param held     records in the spool now
 * @param bytes    bytes those take on disk
 * @param maxBytes the spool's bound
 */
public record SpoolStats(String topic, Path file, long spooled, long drained, long held, long bytes, long maxBytes) {

    /** One line for the run summary. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "spool %s: %d records spooled, %d drained to topic %s, %d held "
                + "(%d of %d bytes)", file, spooled, drained, topic, held, bytes, maxBytes);
    }
}
