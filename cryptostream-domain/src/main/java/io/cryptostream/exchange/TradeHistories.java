package io.cryptostream.exchange;

import io.cryptostream.exchange.binance.BinanceHistory;
import io.cryptostream.exchange.bitstamp.BitstampHistory;
import io.cryptostream.exchange.coinbase.CoinbaseHistory;
import io.cryptostream.exchange.kraken.KrakenHistory;

/**
 * Each venue's REST trade history ({@link TradeHistory}), by venue. CryptoCompare's streamer has none; Coinbase
 * Advanced Trade's public trades endpoint is not described yet, so it has none here either.
 */
public final class TradeHistories {

    private TradeHistories() {
    }

    public static TradeHistory of(Venue venue) {
        return switch (venue.name()) {
            case "binance" -> BinanceHistory.SPOT;
            case "binance-futures" -> BinanceHistory.USDM_FUTURES;
            case "coinbase" -> CoinbaseHistory.EXCHANGE;
            case "kraken" -> KrakenHistory.VENUE;
            case "bitstamp" -> BitstampHistory.VENUE;
            default -> TradeHistory.none(venue.displayName());
        };
    }
}
