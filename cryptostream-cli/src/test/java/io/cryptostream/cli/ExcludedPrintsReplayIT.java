package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.fixtures.Fixtures;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.spark.ReferenceAggregation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binance USD-M sends insurance-fund, ADL and NA prints on {@code @trade} ({@code X} other than MARKET; NA with price
 * and quantity 0) and leaves them out of its klines. The real USD-M capture holds only MARKET trades, so some of its
 * trade frames are turned into such prints as the protocol documents them; replayed through ingest, Kafka, Spark and
 * Cassandra, the candles equal a computation over the MARKET trades alone, no gap is reported for the prints' ids, and
 * the prints are counted by kind.
 */
class ExcludedPrintsReplayIT {

    private static final int TRADE_FRAMES = 3_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void printsTheVenueLeavesOutOfCandlesAreCountedByKindAndOpenNoGap(@TempDir Path work) throws IOException {
        List<String> lines = new ArrayList<>();
        List<Trade> marketTrades = new ArrayList<>();
        int[] excluded = new int[3];
        try (BufferedReader reader = CaptureFiles.read(Fixtures.require("ws/binance_hftbacktest/usdm_btcusdt_20240808.gz"))) {
            String line;
            while (lines.size() < TRADE_FRAMES && (line = reader.readLine()) != null) {
                if (!line.contains("@trade\"")) {
                    continue;
                }
                int index = lines.size();
                String kind = index % 97 == 5 ? "INSURANCE_FUND" : index % 89 == 7 ? "ADL" : index % 101 == 9 ? "NA" : "MARKET";
                String printed = asPrint(line, kind);
                lines.add(printed);
                if (kind.equals("MARKET")) {
                    marketTrades.add(plainReading(printed));
                } else {
                    excluded[List.of("INSURANCE_FUND", "ADL", "NA").indexOf(kind)]++;
                }
            }
        }
        Path capture = Files.write(work.resolve("usdm.txt"), lines);
        ServerEndpoints servers = TestServers.shared().endpoints();
        String keyspace = "excluded_" + Long.toHexString(System.nanoTime());

        CommandOutput result = CommandOutput.run("replay", capture.toString(), "--exchange", "binance-futures",
                "--kafkabroker", servers.kafkaBootstrapServers(), "--cassandraurl", servers.cassandraHostPort(),
                "--keyspace", keyspace, "--work-dir", work.toString());

        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        assertThat(excluded).doesNotContain(0);
        assertThat(result.out())
                .contains("Left out of candles by the venue in usdm.txt: {ADL=" + excluded[1] + ", INSURANCE_FUND="
                        + excluded[0] + ", NA=" + excluded[2] + "}")
                .containsPattern("(?m)^usdm\\.txt +binance-futures +" + TRADE_FRAMES + " +" + marketTrades.size()
                        + " +1 +\\S+ +\\S+ +0 +0$");
        try (CqlSession session = CassandraRows.session(servers)) {
            assertThat(CassandraRows.candles(session, keyspace))
                    .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.ofOneBatch(marketTrades).candles());
            assertThat(CassandraRows.windows(session, keyspace))
                    .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.ofOneBatch(marketTrades).directionWindows());
        }
    }

    /** The capture line with its trade's execution type set to {@code kind}; NA prints carry price and quantity 0. */
    private static String asPrint(String line, String kind) {
        String printed = line.replace("\"X\":\"MARKET\"", "\"X\":\"" + kind + "\"");
        return kind.equals("NA") ? printed.replaceAll("\"p\":\"[^\"]*\"", "\"p\":\"0\"")
                .replaceAll("\"q\":\"[^\"]*\"", "\"q\":\"0\"") : printed;
    }

    /** A MARKET trade read with a plain JSON tree, independently of the codec. */
    private static Trade plainReading(String line) throws IOException {
        JsonNode data = JSON.readTree(line.substring(line.indexOf(' ') + 1)).path("data");
        Instant time = Instant.ofEpochMilli(data.get("T").asLong());
        return Trade.of(new Market("BinanceFutures", "BTC", "USDT"), data.get("m").asBoolean() ? TakerSide.SELL : TakerSide.BUY,
                new BigDecimal(data.get("p").asText()), new BigDecimal(data.get("q").asText()), data.get("t").asText(), time,
                Instant.EPOCH);
    }
}
