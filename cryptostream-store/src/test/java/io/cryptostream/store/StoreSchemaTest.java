package io.cryptostream.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreSchemaTest {

    @Test
    void windowsTableKeepsTheOriginalTutorialPartitionAndAddsThePairToTheClusteringKey() {
        List<String> ddl = StoreSchema.ddl(CassandraSettings.defaults());

        assertThat(ddl.get(0)).isEqualTo("CREATE KEYSPACE IF NOT EXISTS cryptocompare WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
        assertThat(ddl.get(1))
                .startsWith("CREATE TABLE IF NOT EXISTS cryptocompare.trademsgs1minutewindow (")
                .contains("avgprice decimal", "counttxns bigint", "uuid timeuuid", "vwap decimal")
                .contains("PRIMARY KEY ((date), window_end, window_start, direction, market, fromcoin, tocurrency)")
                .endsWith("WITH CLUSTERING ORDER BY (window_end DESC, window_start DESC, direction ASC, market ASC,"
                        + " fromcoin ASC, tocurrency ASC)");
        assertThat(ddl.get(2))
                .contains("PRIMARY KEY ((exchange, base, quote, day), window_start)", "day date", "trades bigint");
        assertThat(ddl.get(3))
                .startsWith("CREATE TABLE IF NOT EXISTS cryptocompare.order_flow_1m (")
                .contains("created bigint", "changed bigint", "deleted bigint", "created_notional decimal",
                        "deleted_notional decimal", "created_amount decimal", "deleted_amount decimal")
                .contains("PRIMARY KEY ((exchange, base, quote, day), window_start, side)")
                .endsWith("WITH CLUSTERING ORDER BY (window_start ASC, side ASC)");
        assertThat(ddl).hasSize(4);
    }

    @Test
    void theUpsertOfARowBindsEveryColumnInTableOrderAndTablesAreFoundByName() {
        assertThat(StoreSchema.table(StoreSchema.CANDLES_TABLE)).isSameAs(StoreSchema.CANDLES);
        assertThat(StoreSchema.CANDLES.insertStatement("ks")).isEqualTo("INSERT INTO ks.candles_1m (exchange, base,"
                + " quote, day, window_start, window_end, open, high, low, close, volume, quote_volume, trades,"
                + " buy_volume, sell_volume, vwap) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        assertThatThrownBy(() -> StoreSchema.table("candles")).hasMessageContaining("no table candles");
    }

    @Test
    void networkTopologyReplicationListsEveryDataCentre() {
        Replication replication = new Replication.NetworkTopologyStrategy(Map.of("dc2", 2, "dc1", 3));

        assertThat(replication.toCql()).isEqualTo("{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2}");
        assertThatThrownBy(() -> new Replication.NetworkTopologyStrategy(Map.of("dc'1", 3)))
                .hasMessageContaining("invalid data centre name");
    }

    @Test
    void keyspaceMustBeAPlainIdentifier() {
        assertThatThrownBy(() -> CassandraSettings.defaults().withKeyspace("x; DROP TABLE y"))
                .hasMessageContaining("keyspace must be a plain CQL identifier");
    }

    @Test
    void rowIdIsATimeUuidOfTheWindowStartAndTheSameForTheSameKey() {
        Instant start = Instant.parse("2020-07-03T09:24:00Z");

        UUID id = WindowRowIds.timeUuid(start, "Coinbase", "BUY", "BTC", "USD");

        assertThat(id.version()).isEqualTo(1);
        assertThat(id.variant()).isEqualTo(2);
        // UUID.timestamp() counts 100 ns ticks from 1582-10-15.
        assertThat((id.timestamp() - 0x01B21DD213814000L) / 10_000).isEqualTo(start.toEpochMilli());
        assertThat(WindowRowIds.timeUuid(start, "Coinbase", "BUY", "BTC", "USD")).isEqualTo(id);
        assertThat(WindowRowIds.timeUuid(start, "Coinbase", "BUY", "ETH", "USD")).isNotEqualTo(id);
        assertThat(WindowRowIds.timeUuid(start, "Coinbase", "SELL", "BTC", "USD")).isNotEqualTo(id);
    }
}
