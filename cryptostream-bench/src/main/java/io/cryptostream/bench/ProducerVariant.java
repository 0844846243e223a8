package io.cryptostream.bench;

import io.cryptostream.ingest.KafkaSinkSettings;

/**
 * Producer settings under test: batching ({@code linger.ms}, {@code batch.size}), {@code compression.type} and the
 * record value encoding (TradeJson or {@link CompactTradeCodec}).
 */
record ProducerVariant(String name, long lingerMs, int batchBytes, String compression, boolean binary) {

    /** What ingest's Kafka sink uses by default: the baseline every other variant is compared with. */
    static ProducerVariant ingestDefaults() {
        return new ProducerVariant("ingest defaults (linger 20 ms, batch 64 KiB, none, JSON)",
                KafkaSinkSettings.DEFAULT_LINGER.toMillis(), KafkaSinkSettings.DEFAULT_BATCH_SIZE_BYTES, "none", false);
    }

    String describe() {
        return "linger " + lingerMs + " ms, batch " + batchBytes / 1024 + " KiB, compression " + compression
                + ", " + (binary ? "binary" : "JSON");
    }
}
