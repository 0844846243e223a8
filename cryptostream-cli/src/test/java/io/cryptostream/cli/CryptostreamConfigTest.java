package io.cryptostream.cli;

import io.cryptostream.domain.TradeFormat;
import io.cryptostream.exchange.cryptocompare.CryptoCompare;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.Replication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CryptostreamConfigTest {

    @Test
    void defaultsComeFromReferenceConf() {
        CryptostreamConfig config = CryptostreamConfig.load(null, Map.of());
        assertThat(config.string("mode")).isEqualTo("kafka");
        assertThat(config.string("kafka.topic")).isEqualTo("trades");
        assertThat(config.duration("spark.window")).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.duration("spark.watermark")).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.strings("watchlist")).as("the CryptoCompare venue's own default markets")
                .containsExactlyElementsOf(CryptoCompare.VENUE.defaultMarkets());
        assertThat(config.optionalString("kafka.bootstrap-servers")).isEmpty();
        assertThat(config.bool("ingest.gap-fill")).isTrue();
        assertThat(config.optionalString("ingest.history-api-key-file")).isEmpty();
    }

    @Test
    void gapFillTurnsOffAndAVenuesHistoryHostIsSetLikeItsEndpoint(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.conf"), """
                cryptostream.ingest.gap-fill = off
                cryptostream.binance.history-url = "http://127.0.0.1:9998"
                """);

        CryptostreamConfig config = CryptostreamConfig.load(file, Map.of());

        assertThat(config.bool("ingest.gap-fill")).isFalse();
        assertThat(config.optionalStringIfPresent("binance.history-url")).contains("http://127.0.0.1:9998");
    }

    @Test
    void cryptoCompareTakesItsEndpointFromTheVenueUnlessASettingNamesAnother(@TempDir Path dir) throws Exception {
        assertThat(CryptostreamConfig.load(null, Map.of()).optionalStringIfPresent("cryptocompare.url"))
                .as("no second default beside CryptoCompare.VENUE's endpoint").isEmpty();
        Path file = Files.writeString(dir.resolve("app.conf"), """
                cryptostream.cryptocompare.url = "ws://127.0.0.1:9997/v2"
                """);

        assertThat(CryptostreamConfig.load(file, Map.of()).optionalStringIfPresent("cryptocompare.url"))
                .contains("ws://127.0.0.1:9997/v2");
    }

    @Test
    void flagsOverrideTheFileWhichOverridesDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.conf");
        Files.writeString(file, "cryptostream { mode = memory, timeout = 60, kafka.topic = from-file }");
        Map<String, Object> flags = new HashMap<>();
        flags.put("timeout", 30);
        flags.put("watchlist", List.of("0~Kraken~ETH~EUR"));
        flags.put("kafka.bootstrap-servers", null);

        CryptostreamConfig config = CryptostreamConfig.load(file, flags);

        assertThat(config.string("mode")).isEqualTo("memory");
        assertThat(config.integer("timeout")).isEqualTo(30);
        assertThat(config.string("kafka.topic")).isEqualTo("from-file");
        assertThat(config.strings("watchlist")).containsExactly("0~Kraken~ETH~EUR");
    }

    @Test
    void aSettingsFileThatStillSaysSourceChoosesTheVenue(@TempDir Path dir) throws Exception {
        Path older = dir.resolve("older.conf");
        Files.writeString(older, "cryptostream.source = kraken");
        assertThat(CryptostreamConfig.load(older, Map.of()).string("venue")).isEqualTo("kraken");
        Map<String, Object> flag = new HashMap<>();
        flag.put("venue", "bitstamp");
        assertThat(CryptostreamConfig.load(older, flag).string("venue")).as("the flag still wins").isEqualTo("bitstamp");
        assertThat(CryptostreamConfig.load(null, Map.of()).string("venue")).isEqualTo("simulator");
    }

    @Test
    void sparkPropertiesPassThroughWithDottedKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spark.conf");
        Files.writeString(file, "cryptostream.spark.conf { \"spark.executor.memory\" = 2g, \"spark.jars\" = \"/a.jar,/b.jar\" }");
        assertThat(CryptostreamConfig.load(file, Map.of()).properties("spark.conf"))
                .containsEntry("spark.executor.memory", "2g").containsEntry("spark.jars", "/a.jar,/b.jar").hasSize(2);
        assertThat(CryptostreamConfig.load(null, Map.of()).properties("spark.conf")).isEmpty();
    }

    @Test
    void namesTheFileAndTheSettingWhenSomethingIsWrong(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> CryptostreamConfig.load(dir.resolve("missing.conf"), Map.of()))
                .hasMessageContaining("missing.conf does not exist");
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "cryptostream { mode = ");
        assertThatThrownBy(() -> CryptostreamConfig.load(broken, Map.of())).hasMessageContaining("not valid HOCON");
        assertThatThrownBy(() -> CryptostreamConfig.load(null, Map.of("timeout", "soon")).integer("timeout"))
                .hasMessageContaining("cryptostream.timeout");
    }

    @Test
    void cassandraContactPointsAndReplication(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cluster.conf");
        Files.writeString(file, """
                cryptostream.cassandra.replication { class = NetworkTopologyStrategy, datacenter-replication { dc1 = 3, dc2 = 2 } }
                """);
        CryptostreamConfig config = CryptostreamConfig.load(file, Map.of());

        CassandraSettings withPort = Endpoints.cassandraSettings(config, "cass1.example:9142");
        assertThat(withPort.host()).isEqualTo("cass1.example");
        assertThat(withPort.port()).isEqualTo(9142);
        assertThat(withPort.replication()).isEqualTo(new Replication.NetworkTopologyStrategy(Map.of("dc1", 3, "dc2", 2)));
        assertThat(Endpoints.cassandraSettings(config, "cass1.example").port()).isEqualTo(9042);
        assertThatThrownBy(() -> Endpoints.cassandraSettings(config, "cass1:nine")).hasMessageContaining("HOST:PORT");
    }

    @Test
    void anUnknownKeyIsRejectedWithTheClosestValidKey(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.conf"), "cryptostream {\n  kafka.bootstrap-server = \"k:9092\"\n}\n");

        assertThatThrownBy(() -> CryptostreamConfig.load(file, Map.of()))
                .isInstanceOf(BadSettingException.class)
                .hasMessage("Unknown key cryptostream.kafka.bootstrap-server (" + file + ": 2): "
                        + "did you mean cryptostream.kafka.bootstrap-servers?");
    }

    @Test
    void anUnknownKeyFarFromAnyOtherListsTheKeysOfItsSection(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.conf"), "cryptostream.demo.speed = fast\n");

        assertThatThrownBy(() -> CryptostreamConfig.load(file, Map.of()))
                .isInstanceOf(BadSettingException.class)
                .hasMessageEndingWith(": the keys of cryptostream.demo are duration, show-every");
    }

    @Test
    void freeFormSectionsVenueEndpointsAndOtherLibrariesKeysAreNotUnknown(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.conf"), """
                cryptostream.kafka.properties { "security.protocol" = SASL_SSL }
                cryptostream.spark.conf { "spark.executor.memory" = 2g }
                cryptostream.cassandra.replication.datacenter-replication { dc1 = 3 }
                cryptostream.kraken.url = "ws://127.0.0.1:9999"
                pekko.loglevel = DEBUG
                """);

        CryptostreamConfig config = CryptostreamConfig.load(file, Map.of());

        assertThat(config.optionalStringIfPresent("kraken.url")).contains("ws://127.0.0.1:9999");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheFlagThatGaveItOrTheFileAndLine(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> CryptostreamConfig.load(null, Map.of("spark.window", "soon"), Map.of("spark.window", "--window")))
                .isInstanceOf(BadSettingException.class)
                .hasMessage("--window (cryptostream.spark.window): must be a duration such as 30s, 5m or 1 minute, was 'soon'");
        Path file = Files.writeString(dir.resolve("app.conf"), "cryptostream.ingest.spool.max-bytes = lots\n");
        assertThatThrownBy(() -> CryptostreamConfig.load(file, Map.of(), Map.of("ingest.spool.max-bytes", "--spool-max-bytes")))
                .isInstanceOf(BadSettingException.class)
                .hasMessage("cryptostream.ingest.spool.max-bytes (" + file + ": 1): must be a size such as 512MiB or 1 GiB, was 'lots'");
        assertThatThrownBy(() -> CryptostreamConfig.load(null, Map.of("simulate", "sometimes")))
                .hasMessageContaining("cryptostream.simulate").hasMessageContaining("must be true or false");
    }

    @Test
    void theWorkDirIsVarInTheProjectDirectoryUnlessConfigured(@TempDir Path dir) {
        Path home = dir.resolve("project");

        assertThat(CryptostreamConfig.load(null, Map.of()).workDir(home.toString())).isEqualTo(home.resolve("var"));
        assertThat(CryptostreamConfig.load(null, Map.of("work-dir", dir.resolve("elsewhere").toString())).workDir(home.toString()))
                .isEqualTo(dir.resolve("elsewhere"));
        assertThat(CryptostreamConfig.load(null, Map.of()).workDir("")).isEqualTo(Path.of("var").toAbsolutePath());
    }

    @Test
    void theTopicFormatIsAvroUnlessChosenInAnyCase() {
        assertThat(TradePipeline.tradeFormat(CryptostreamConfig.load(null, Map.of()))).isEqualTo(TradeFormat.AVRO);
        assertThat(TradePipeline.tradeFormat(CryptostreamConfig.load(null, Map.of("kafka.format", "Json"))))
                .isEqualTo(TradeFormat.JSON);
        assertThatThrownBy(() -> TradePipeline.tradeFormat(CryptostreamConfig.load(null, Map.of("kafka.format", "xml"),
                Map.of("kafka.format", "--kafka-format")))).isInstanceOf(BadSettingException.class)
                .hasMessageContaining("--kafka-format").hasMessageContaining("must be avro or json, was 'xml'");
    }
}
