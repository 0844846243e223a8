package io.cryptostream.exchange.bitstamp;

import io.cryptostream.domain.Market;

import java.util.Optional;

/** The public per-market channels cryptostream reads: a channel name is the prefix followed by the pair. */
public enum BitstampChannel {
    LIVE_TRADES("live_trades_"),
    LIVE_ORDERS("live_orders_");

    private final String prefix;

    BitstampChannel(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The channel of one market, e.g. {@code live_trades_btcusd}. */
    public String of(Market market) {
        return prefix + BitstampSymbols.pair(market);
    }

    /** The kind of a channel name, if it is one of these. */
    public static Optional<BitstampChannel> kindOf(String channel) {
        if (channel != null) {
            for (BitstampChannel kind : values()) {
                if (channel.startsWith(kind.prefix) && channel.length() > kind.prefix.length()) {
                    return Optional.of(kind);
                }
            }
        }
        return Optional.empty();
    }

    /** The market of a channel of this kind, e.g. BTC-USD for {@code live_trades_btcusd}. */
    public Market marketOf(String channel) {
        if (channel == null || !channel.startsWith(prefix)) {
            throw new IllegalArgumentException("'" + channel + "' is not a " + prefix + "<pair> channel");
        }
        return BitstampSymbols.market(channel.substring(prefix.length()));
    }
}
