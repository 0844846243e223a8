package io.cryptostream.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spark job SIGKILLed three times while it has trades left to aggregate, each time after it wrote new rows,
 * and restarted on its checkpoint.
 */
class SparkJobFaultIT {

    private static final int KILLS = 3;

    @Test
    void aJobKilledThreeTimesMidStreamResumesFromItsCheckpointWithExactRows() {
        try (KillablePipeline pipeline = KillablePipeline.create("job", 200, 10)) {
            pipeline.startJob();
            pipeline.awaitJobReading();
            pipeline.startIngest();
            long counted = 0;
            for (int kill = 1; kill <= KILLS; kill++) {
                pipeline.awaitTradesInCassandra(counted + 1);
                counted = pipeline.tradesInCassandra();
                assertThat(counted).as("trades aggregated at kill %d: the job still has work", kill)
                        .isLessThan(pipeline.totalTrades());
                pipeline.killJob();
                pipeline.startJob();
            }
            pipeline.assertCassandraHoldsExactlyTheVenueTrades();
        }
    }
}
