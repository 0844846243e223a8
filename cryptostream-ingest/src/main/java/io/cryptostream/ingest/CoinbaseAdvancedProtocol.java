package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.coinbase.Coinbase;
import io.cryptostream.exchange.coinbase.CoinbaseAdvancedCodec;
import io.cryptostream.exchange.coinbase.CoinbaseSymbols;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Coinbase Advanced Trade market data, {@code market_trades} channel, as described by
 * {@link Coinbase#ADVANCED_TRADE}: one channel per message, {@code market_trades} for every product, then
 * {@code heartbeats} (1/s), which both proves liveness and keeps the venue from closing channels that stay quiet for
 * 60–90 s. Its error texts are not documented, so none ends the run. What differs here: a broken frame's market is
 * read from its {@code product_id}.
 *
 * <p>Trades are the Exchange feed's (same venue, same ids, exchange name Coinbase), but ids are not checked for
 * gaps: the order of trades inside a batched frame and of the snapshot on subscribe is not documented. The
 * taker-side reading of {@code side} is unconfirmed (see {@link CoinbaseAdvancedCodec}).
 */
public final class CoinbaseAdvancedProtocol extends DescribedVenueProtocol {

    public static final URI DEFAULT_URL = Coinbase.ADVANCED_TRADE.endpoint();

    /** @throws IllegalArgumentException if a market of the watchlist is not a Coinbase market */
    public CoinbaseAdvancedProtocol(IngestSettings settings) {
        super(Coinbase.ADVANCED_TRADE, settings);
        settings.markets().forEach(CoinbaseSymbols::productId);
    }

    /** Settings for the public feed: its URL, Coinbase's default markets, staleness after 5 missed heartbeats of 1 s. */
    public static IngestSettings.Builder defaultSettings() {
        return IngestSettings.builder().url(DEFAULT_URL).markets(CoinbaseProtocol.DEFAULT_MARKETS)
                .heartbeatInterval(Duration.ofSeconds(1)).missedHeartbeats(5);
    }

    @Override
    public Optional<Market> marketOf(String malformedFrame) {
        return CoinbaseProtocol.productOf(malformedFrame);
    }
}
