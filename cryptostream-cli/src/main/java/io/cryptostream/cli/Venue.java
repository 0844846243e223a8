package io.cryptostream.cli;

import io.cryptostream.domain.Market;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.ingest.IngestSettings;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One source of trades as the CLI knows it: how to read its frames, how ingest speaks to it, how the simulator
 * imitates it, and how users name its markets.
 *
 * @param source             the {@code --source} name, e.g. {@code bitstamp}
 * @param exchange           the exchange name stored with its trades, e.g. {@code Bitstamp}; null when a frame
 *                           names its own exchange (CryptoCompare aggregates many)
 * @param url                the real endpoint
 * @param defaultMarkets     what to subscribe to when the user names nothing
 * @param needsApiKey        whether the real endpoint wants the CryptoCompare-style API key
 * @param heartbeatInterval  how often the venue (or our ping's answer) proves the socket alive; two missed means stale
 * @param streamsOrders      whether ingest also gets order book changes by single orders (Bitstamp live_orders)
 */
record Venue(String source, String exchange, URI url, List<String> defaultMarkets, boolean needsApiKey,
             Duration heartbeatInterval, boolean streamsOrders,
             Supplier<ExchangeCodec> codec,
             Function<String, Market> marketParser,
             Function<IngestSettings, io.cryptostream.ingest.VenueProtocol> ingestProtocol,
             Supplier<io.cryptostream.simulator.VenueProtocol> simulatorProtocol) {

    /** Markets named in the venue's own notation or as BASE-QUOTE, with a message naming the bad one. */
    List<Market> markets(List<String> names) {
        return names.stream().map(name -> {
            try {
                return marketParser.apply(name.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + name + "' is not a " + source + " market: " + e.getMessage(), e);
            }
        }).toList();
    }
}
