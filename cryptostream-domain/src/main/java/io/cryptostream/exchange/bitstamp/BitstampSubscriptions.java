package io.cryptostream.exchange.bitstamp;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.Venue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Builds Bitstamp WebSocket v2 requests. Bitstamp takes one channel per request, so a watchlist becomes one frame
 * per market and channel kind, each acknowledged by its own {@code bts:subscription_succeeded}.
 */
public final class BitstampSubscriptions {

    /** The client heartbeat; Bitstamp answers it with a {@code bts:heartbeat} event. */
    public static final String HEARTBEAT = "{\"event\":\"bts:heartbeat\"}";

    private BitstampSubscriptions() {
    }

    /** The channel names for {@code kinds} of every market: per market, trades before orders. */
    public static List<String> channels(List<Market> markets, Set<BitstampChannel> kinds) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no channel kind given; choose from " + EnumSet.allOf(BitstampChannel.class));
        }
        List<String> channels = new ArrayList<>();
        for (Market market : markets) {
            for (BitstampChannel kind : EnumSet.copyOf(kinds)) {
                channels.add(kind.of(market));
            }
        }
        return List.copyOf(channels);
    }

    public static List<String> subscribe(List<Market> markets, Set<BitstampChannel> kinds) {
        return channels(markets, kinds).stream().map(BitstampSubscriptions::subscribe).toList();
    }

    public static List<String> unsubscribe(List<Market> markets, Set<BitstampChannel> kinds) {
        return channels(markets, kinds).stream().map(BitstampSubscriptions::unsubscribe).toList();
    }

    /** One request per channel of {@code kinds} of every market, each acknowledged on its own. */
    public static Venue.Subscriptions of(Set<BitstampChannel> kinds) {
        Set<BitstampChannel> chosen = Set.copyOf(kinds);
        return new Venue.Subscriptions(false, markets -> subscribe(markets, chosen),
                markets -> unsubscribe(markets, chosen), markets -> channels(markets, chosen).size());
    }

    /** {@code {"event":"bts:subscribe","data":{"channel":"live_trades_btcusd"}}} */
    public static String subscribe(String channel) {
        return request("bts:subscribe", channel);
    }

    public static String unsubscribe(String channel) {
        return request("bts:unsubscribe", channel);
    }

    private static String request(String event, String channel) {
        if (!channel.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("'" + channel + "' is not a Bitstamp channel name (lower-case letters, "
                    + "digits, '_' and '-', e.g. live_trades_btcusd)");
        }
        return "{\"event\":\"" + event + "\",\"data\":{\"channel\":\"" + channel + "\"}}";
    }
}
