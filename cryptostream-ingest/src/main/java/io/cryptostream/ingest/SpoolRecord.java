package io.cryptostream.ingest;

import java.util.Objects;

/**
 * One Kafka record as the spool keeps it: its key and value. Neither may hold a line break, and the key no tab, so
 * that a record is one line of the spool file.
 */
record SpoolRecord(String key, String value) {

    SpoolRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.indexOf('\n') >= 0 || key.indexOf('\t') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a spooled record's key holds no tab or line break and its value no "
                    + "line break: " + key);
        }
    }
}
