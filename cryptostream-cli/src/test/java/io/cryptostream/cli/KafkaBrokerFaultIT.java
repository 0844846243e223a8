package io.cryptostream.cli;

import io.cryptostream.servers.ServerKind;
import org.junit.jupiter.api.Test;

/** The Kafka broker SIGKILLed while ingest publishes and the job reads, then restarted on its port and data. */
class KafkaBrokerFaultIT {

    @Test
    void aBrokerKilledMidStreamAndRestartedLosesNoTradeAndCountsNoneTwice() throws Exception {
        try (KillablePipeline pipeline = KillablePipeline.create("broker", 150, 10)) {
            pipeline.startJob();
            pipeline.awaitJobReading();
            pipeline.startIngest();
            pipeline.awaitEmitted(pipeline.totalTrades() / 3);

            pipeline.killServer(ServerKind.KAFKA);
            Thread.sleep(3_000);
            pipeline.restartServers();

            pipeline.assertCassandraHoldsExactlyTheVenueTrades();
        }
    }
}
