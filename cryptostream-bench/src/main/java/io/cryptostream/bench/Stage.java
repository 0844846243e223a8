package io.cryptostream.bench;

/**
 * The stages {@code --only} can pick. Memory is read from the processes the other stages run, so it has no stage of
 * its own. Freshness and state run in the Spark driver the Spark stage starts, or in one of their own when that stage
 * is left out.
 */
enum Stage {
    DECODE, INGEST, SPARK, FRESHNESS, STATE;

    /** As on the command line: lower case. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
