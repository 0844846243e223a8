package io.cryptostream.exchange;

import io.cryptostream.exchange.binance.BinanceCandles;
import io.cryptostream.exchange.bitstamp.BitstampCandles;
import io.cryptostream.exchange.coinbase.CoinbaseCandles;
import io.cryptostream.exchange.kraken.KrakenCandles;

/**
 * Each venue's REST 1-minute candles ({@link CandleHistory}), by venue. The CryptoCompare streamer and Coinbase
 * Advanced Trade have none described.
 */
public final class CandleHistories {

    private CandleHistories() {
    }

    public static CandleHistory of(Venue venue) {
        return switch (venue.name()) {
            case "binance" -> BinanceCandles.SPOT;
            case "binance-futures" -> BinanceCandles.USDM_FUTURES;
            case "coinbase" -> CoinbaseCandles.EXCHANGE;
            case "kraken" -> KrakenCandles.VENUE;
            case "bitstamp" -> BitstampCandles.VENUE;
            default -> CandleHistory.none(venue.displayName());
        };
    }
}
