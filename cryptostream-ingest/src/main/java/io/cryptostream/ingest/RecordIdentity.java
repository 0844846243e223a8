package io.cryptostream.ingest;

/**
 * What makes two records of a topic the same record sent twice, e.g. a trade's market and trade id: the spool's drain
 * leaves out what the topic's last records already hold.
 */
@FunctionalInterface
interface RecordIdentity {

    /** The identity of this record; null when its value cannot be read (never left out). */
    String of(SpoolRecord record);
}
