package io.cryptostream.cli;

import io.cryptostream.servers.ServerKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/**
 * Cassandra SIGKILLed for 30 s while the job runs, well within the job's outage budget: the job keeps its place,
 * retries, and once Cassandra is back on its port and data the rows are exact.
 */
class CassandraOutageFaultIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void cassandraKilledForThirtySecondsWithinTheOutageBudgetLosesNoTrade() throws Exception {
        try (KillablePipeline pipeline = KillablePipeline.create("cassandra", 200, 5)) {
            pipeline.startJob();
            pipeline.awaitJobReading();
            pipeline.startIngest();
            pipeline.awaitTradesInCassandra(1);

            pipeline.killServer(ServerKind.CASSANDRA);
            Thread.sleep(OUTAGE.toMillis());
            pipeline.restartServers();

            pipeline.assertCassandraHoldsExactlyTheVenueTrades();
        }
    }
}
