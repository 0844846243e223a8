package io.cryptostream.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cryptostream.domain.Market;
import io.cryptostream.exchange.binance.Binance;
import io.cryptostream.exchange.binance.BinanceCodec;
import io.cryptostream.exchange.binance.BinanceSubscriptions;
import io.cryptostream.exchange.binance.BinanceSymbols;
import io.cryptostream.exchange.binance.BinanceVenue;
import io.cryptostream.feed.FeedEvent;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Binance spot or USD-M futures {@code <symbol>@trade} streams as described by {@link Binance}: one live SUBSCRIBE
 * for every market as soon as the socket opens (one frame stays within the 5 (spot) or 10 (futures) client
 * messages per second), LIST_SUBSCRIPTIONS as the client ping whose answer counts as a heartbeat (Binance's own is a
 * WebSocket ping the session never sees; keep the interval at a second or more against Binance), connections
 * replaced at 23 h. What differs here: the codec knows the watchlist's symbols, a refused SUBSCRIBE ends the run,
 * and Binance's HTTP refusals mean what its documentation says.
 */
public final class BinanceProtocol extends DescribedVenueProtocol {

    private static final JsonFactory JSON = new JsonFactory();

    private final BinanceVenue venue;
    private final Map<String, Market> marketsBySymbol;

    /**
     * @throws IllegalArgumentException when a market belongs to another exchange or there are more markets than
     *                                  one connection carries
     */
    public BinanceProtocol(BinanceVenue venue, IngestSettings settings) {
        super(Binance.of(venue), settings, new BinanceCodec(venue, checked(venue, settings.markets())),
                Binance.of(venue).subscriptions());
        this.venue = venue;
        this.marketsBySymbol = settings.markets().stream().collect(Collectors.toUnmodifiableMap(
                BinanceSymbols::symbol, Function.identity(), (first, second) -> first));
        // Refuses more markets than one connection carries now rather than at the first connect.
        subscribeFrames();
    }

    private static List<Market> checked(BinanceVenue venue, List<Market> markets) {
        for (Market market : markets) {
            if (!market.exchange().equals(venue.exchange())) {
                throw new IllegalArgumentException("market " + market + " is not a " + venue.exchange()
                        + " market; Binance " + (venue == BinanceVenue.SPOT ? "spot" : "USD-M futures")
                        + " markets are named " + venue.exchange() + ":BASE-QUOTE");
            }
        }
        return markets;
    }

    /** Settings for {@code venue}'s public endpoint and {@code markets}, the other fields at their defaults. */
    public static IngestSettings.Builder settings(BinanceVenue venue, List<Market> markets) {
        return IngestSettings.builder().url(venue.endpoint()).markets(markets);
    }

    /**
     * A refused SUBSCRIBE refuses every market alike and would be refused again after a reconnect, so the run ends;
     * other refusals (of the LIST_SUBSCRIPTIONS ping) are logged.
     */
    @Override
    public ServerReaction onRejected(FeedEvent.Rejected rejected) {
        String what = rejected.code() + " " + rejected.reason() + (rejected.detail() == null ? "" : ": " + rejected.detail());
        if (rejected.detail() != null && rejected.detail().endsWith("(request id " + BinanceSubscriptions.SUBSCRIBE_ID + ")")) {
            return new ServerReaction.Fail(new IngestException(venue.exchange() + " refused the subscription to "
                    + ingestSettings().markets().size() + " trade streams (" + what + "); check the markets " + ingestSettings().markets()));
        }
        return new ServerReaction.Continue(venue.exchange() + " refused a request (" + what + ")");
    }

    @Override
    public ServerReaction onUpgradeRefused(int status, String reason) {
        RefusedUpgrade refused = RefusedUpgrade.of(venue.exchange(), status, reason);
        String what = refused.what();
        return switch (status) {
            case 451 -> new ServerReaction.Fail(new IngestException(venue.exchange() + " refused the WebSocket upgrade ("
                    + what + "): Binance serves no clients from this location"));
            case 403, 418, 429 -> new ServerReaction.Reconnect(venue.exchange() + " refused the WebSocket upgrade ("
                    + what + "; Binance allows 300 connection attempts per 5 minutes per IP and bans IPs that keep "
                    + "exceeding it); connecting again in no less than " + Durations.format(ingestSettings().rateLimitedWait()),
                    ingestSettings().rateLimitedWait());
            default -> refused.reconnect();
        };
    }

    /** The symbol {@code s} of the frame, or else its stream name, read as far as the frame is readable. */
    @Override
    public Optional<Market> marketOf(String frame) {
        String symbol = null;
        String stream = null;
        try (JsonParser p = JSON.createParser(frame)) {
            JsonToken token;
            while (symbol == null && (token = p.nextToken()) != null) {
                if (token == JsonToken.VALUE_STRING && "s".equals(p.currentName())) {
                    symbol = p.getText();
                } else if (token == JsonToken.VALUE_STRING && "stream".equals(p.currentName())) {
                    stream = p.getText();
                }
            }
        } catch (IOException | RuntimeException e) {
            // A frame broken before its symbol is counted for the connection only, unless its stream name was read.
        }
        if (symbol == null && stream != null && stream.indexOf('@') > 0) {
            symbol = stream.substring(0, stream.indexOf('@'));
        }
        if (symbol == null) {
            return Optional.empty();
        }
        String upper = symbol.toUpperCase(Locale.ROOT);
        return Optional.ofNullable(marketsBySymbol.get(upper)).or(() -> BinanceSymbols.split(venue.exchange(), upper));
    }
}
