package io.cryptostream.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest SIGKILLed mid-stream and restarted. The venue sends its recent trades again to the new subscription; the
 * restarted ingest has read the topic's last records, so the topic holds each trade exactly once, and the rows count
 * each once, the trades emitted while ingest was down included.
 */
class IngestFaultIT {

    @Test
    void ingestKilledAndRestartedPublishesAndCountsTheTradesTheVenueResendsOnce() throws Exception {
        try (KillablePipeline pipeline = KillablePipeline.create("ingest", 150, 10)) {
            // The fault is ingest's: the job need not be reading yet when it strikes.
            pipeline.startJob();
            pipeline.startIngest();
            pipeline.awaitEmitted(pipeline.totalTrades() / 3);

            pipeline.killIngest();
            pipeline.awaitEmitted(pipeline.emitted() + KillablePipeline.MARKETS.size() * 10);
            pipeline.startIngest();

            pipeline.assertCassandraHoldsExactlyTheVenueTrades();
            assertThat(pipeline.recordsInTopic()).as("records in the topic, after the venue re-sent its trades")
                    .isEqualTo(pipeline.totalTrades());
        }
    }
}
