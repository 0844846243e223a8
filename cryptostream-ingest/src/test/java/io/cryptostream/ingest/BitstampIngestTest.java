package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.bitstamp.BitstampChannel;
import io.cryptostream.exchange.bitstamp.BitstampSubscriptions;
import io.cryptostream.exchange.bitstamp.BitstampSymbols;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static io.cryptostream.ingest.Testbed.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Ingest with the Bitstamp protocol against the Bitstamp simulator over a real WebSocket. */
@ExtendWith(Testbed.Extension.class)
class BitstampIngestTest {

    private static final Market BTC_USD = BitstampSymbols.parse("BTC-USD");
    private static final Market ETH_USD = BitstampSymbols.parse("ethusd");
    private static final Market ETH_BTC = BitstampSymbols.parse("ETH/BTC");
    private static final List<Market> MARKETS = List.of(BTC_USD, ETH_USD, ETH_BTC);

    private static final VenuePair BITSTAMP = VenuePair.named("bitstamp");


    @Test
    void aRefusedChannelLeavesTheOthersFlowing(Testbed testbed) {
        SimulatorServer sim = testbed.simulator(BITSTAMP.simulatorConfig(SimulatorConfig.builder().tradesPerSecond(20)));
        Market unknownQuote = new Market("Bitstamp", "BTC", "XYZ");
        IngestSettings settings = BITSTAMP.settingsFor(sim).markets(List.of(BTC_USD, unknownQuote)).build();
        IngestRun run = testbed.run(new BitstampProtocol(settings), settings);
        List<Trade> received = testbed.received();

        await().atMost(WAIT).until(() -> received.size() >= 10 && !run.metrics().rejectedByReason().isEmpty());

        assertThat(run.metrics().rejectedByReason()).containsEntry("0 Bad subscription string.", 1L);
        assertThat(received).allSatisfy(trade -> assertThat(trade.market()).isEqualTo(BTC_USD));
        assertThat(run.metrics().reconnects()).isZero();
    }

    @Test
    void protocolFacts() {
        IngestSettings settings = IngestSettings.builder().url(BitstampProtocol.DEFAULT_URL).markets(MARKETS).build();
        BitstampProtocol trades = new BitstampProtocol(settings);
        BitstampProtocol both = new BitstampProtocol(settings, EnumSet.allOf(BitstampChannel.class));

        assertThat(BitstampProtocol.DEFAULT_URL.toString()).isEqualTo("wss://ws.bitstamp.net/");
        assertThat(trades.handshake().asScala().uri().toString()).isEqualTo("wss://ws.bitstamp.net/");
        assertThat(trades.handshake().asScala().extraHeaders().isEmpty()).as("no credentials").isTrue();
        assertThat(trades.subscribesAfterWelcome()).isFalse();
        assertThat(trades.subscribeFrames()).first()
                .isEqualTo("{\"event\":\"bts:subscribe\",\"data\":{\"channel\":\"live_trades_btcusd\"}}");
        assertThat(both.subscribeFrames()).hasSize(6).contains(BitstampSubscriptions.subscribe("live_orders_ethbtc"));
        assertThat(both.expectedUnsubscribeAcks()).isEqualTo(6);
        assertThat(trades.clientPing()).contains(new VenueProtocol.ClientPing("{\"event\":\"bts:heartbeat\"}", Duration.ofSeconds(10)));
        assertThat(new BitstampProtocol(settings.toBuilder().heartbeatInterval(Duration.ofSeconds(2)).build()).clientPing())
                .hasValueSatisfying(ping -> assertThat(ping.interval()).isEqualTo(Duration.ofSeconds(2)));
        assertThat(trades.maxConnectionAge()).contains(Duration.ofDays(89));
        assertThat(trades.sequentialTradeIds()).isFalse();
        assertThat(trades.onRejected(new io.cryptostream.feed.FeedEvent.Rejected(4009, "Connection is unauthorized.", null)))
                .isInstanceOf(ServerReaction.Continue.class);
        assertThat(trades.onUpgradeRefused(429, "Too Many Requests"))
                .isEqualTo(new ServerReaction.Reconnect("Bitstamp refused the WebSocket upgrade (429 Too Many Requests); "
                        + "connecting again in no less than " + Durations.format(settings.rateLimitedWait()),
                        settings.rateLimitedWait()));
        assertThat(trades.marketOf("{\"data\":{\"id\":1,\"amount\":\"x\"},\"channel\":\"live_trades_ethbtc\",\"ev"))
                .contains(ETH_BTC);
        assertThat(trades.marketOf("{\"channel\":\"live_trades_btcxyz\"}")).isEmpty();
        assertThatThrownBy(() -> new BitstampProtocol(IngestSettings.builder().build()))
                .hasMessageContaining("Bitstamp ingests Bitstamp markets only");
    }
}
