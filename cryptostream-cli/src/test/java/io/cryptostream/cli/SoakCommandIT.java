package io.cryptostream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.RejectedTradeJson;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short {@code soak} against the shared test servers: every kind of fault is injected and survived, every trade
 * the simulator emitted is in Cassandra exactly once, and the report says so in its table and its JSON.
 */
class SoakCommandIT {

    @Test
    void aShortSoakSurvivesEveryFaultKindWithEveryEmittedTradeStoredOnce(@TempDir Path work) throws Exception {
        ServerEndpoints servers = TestServers.shared().endpoints();
        Path config = work.resolve("cryptostream.conf");
        Files.writeString(config, """
                cryptostream {
                  work-dir = "%s"
                  kafka.bootstrap-servers = "%s"
                  cassandra.contact-point = "%s"
                  spark.trigger = 1s
                }
                """.formatted(work, servers.kafkaBootstrapServers(), servers.cassandraHostPort()));
        Path out = work.resolve("report");

        CommandOutput result = CommandOutput.run("soak", "--config", config.toString(), "--minutes", "0.75",
                "--trades-per-second", "200", "--fault-every", "2s", "--sample-every", "2s", "--out", out.toString());

        System.out.print(result.out());
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("soak.json").toFile());
        assertThat(report.get("failure").asText()).isEmpty();
        assertThat(report.get("emittedTrades").asLong()).isGreaterThan(1_000)
                .isEqualTo(report.get("storedTrades").asLong());
        for (JsonNode market : report.get("trades")) {
            assertThat(market.get("differences")).as(market.toString()).isEmpty();
            assertThat(market.get("stored").asLong()).isEqualTo(market.get("emitted").asLong()).isPositive();
        }
        List<String> injected = new ArrayList<>();
        for (JsonNode fault : report.get("faults")) {
            assertThat(fault.get("injected").asLong()).as(fault.toString()).isPositive();
            assertThat(fault.get("survived").asLong()).as(fault.toString()).isPositive();
            injected.add(fault.get("fault").asText());
        }
        assertThat(injected).hasSize(SoakFault.values().length);
        long badTradeFaults = report.get("faults").get(SoakFault.BAD_TRADES.ordinal()).get("injected").asLong();
        JsonNode rejected = report.get("rejects").get("byReason");
        assertThat(rejected.get(RejectedTradeJson.topicOf(report.get("topic").asText()) + ": EVENT_TIME_AHEAD").asLong())
                .as("every trade stamped an hour ahead set aside in the dead-letter topic: " + rejected)
                .isEqualTo(badTradeFaults * report.get("markets").size());
        assertThat(report.get("memory")).extracting(m -> m.get("process").asText())
                .contains("ingest", "spark job");
        assertThat(result.out()).contains("Soak passed: every emitted trade is in Cassandra exactly once")
                .containsPattern("stall \\(silent socket\\)\\s+\\d+\\s+\\d+")
                .containsPattern("ingest\\s+\\d+\\s+\\d+");
    }
}
