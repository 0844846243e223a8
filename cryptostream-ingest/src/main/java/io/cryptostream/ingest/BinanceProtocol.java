package io.cryptostream.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cryptostream.domain.Market;
import io.cryptostream.exchange.binance.BinanceCodec;
import io.cryptostream.exchange.binance.BinanceSubscriptions;
import io.cryptostream.exchange.binance.BinanceSymbols;
import io.cryptostream.exchange.binance.BinanceVenue;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Binance spot or USD-M futures {@code <symbol>@trade} streams (docs/venues.md): the
 * combined endpoint {@code /stream} without credentials, one live SUBSCRIBE for every market as soon as the socket
 * opens (one frame stays within the 5 (spot) or 10 (futures) client messages per second), one UNSUBSCRIBE on stop.
 *
 * <p>Binance's heartbeat is a WebSocket ping, which Pekko answers without the session seeing it; a quiet market
 * would then look stale. So the client asks LIST_SUBSCRIPTIONS every heartbeat interval and counts the answer as a
 * heartbeat. That request counts toward the message limit: keep the interval at a second or more against Binance.
 * Binance drops every connection at 24 h; the session replaces it at 23 h. Trade ids go up by one per symbol.
 */
public final class BinanceProtocol implements VenueProtocol {

    /** Binance drops connections at 24 h; an hour's margin lets the session replace them first. */
    public static final Duration MAX_CONNECTION_AGE = Duration.ofHours(23);

    private static final JsonFactory JSON = new JsonFactory();

    private final BinanceVenue venue;
    private final IngestSettings settings;
    private final ExchangeCodec codec;
    private final Map<String, Market> marketsBySymbol;
    private final String subscribe;
    private final String unsubscribe;

    /**
     * @throws IllegalArgumentException when a market belongs to another exchange or there are more markets than
     *                                  one connection carries
     */
    public BinanceProtocol(BinanceVenue venue, IngestSettings settings) {
        this.venue = venue;
        this.settings = settings;
        for (Market market : settings.markets()) {
            if (!market.exchange().equals(venue.exchange())) {
                throw new IllegalArgumentException("market " + market + " is not a " + venue.exchange()
                        + " market; Binance " + (venue == BinanceVenue.SPOT ? "spot" : "USD-M futures")
                        + " markets are named " + venue.exchange() + ":BASE-QUOTE");
            }
        }
        this.subscribe = BinanceSubscriptions.subscribe(settings.markets());
        this.unsubscribe = BinanceSubscriptions.unsubscribe(settings.markets());
        this.codec = new BinanceCodec(venue, settings.markets());
        this.marketsBySymbol = settings.markets().stream().collect(Collectors.toUnmodifiableMap(
                BinanceSymbols::symbol, Function.identity(), (first, second) -> first));
    }

    /** Settings for {@code venue}'s public endpoint and {@code markets}, the other fields at their defaults. */
    public static IngestSettings.Builder settings(BinanceVenue venue, List<Market> markets) {
        return IngestSettings.builder().url(venue.endpoint()).markets(markets);
    }

    @Override
    public String venue() {
        return venue.exchange();
    }

    @Override
    public WebSocketRequest handshake() {
        return WebSocketRequest.create(settings.url().toString());
    }

    @Override
    public String urlForLogs() {
        return settings.urlForLogs();
    }

    @Override
    public ExchangeCodec codec() {
        return codec;
    }

    /** Binance sends nothing on connect. */
    @Override
    public boolean subscribesAfterWelcome() {
        return false;
    }

    @Override
    public List<String> subscribeFrames() {
        return List.of(subscribe);
    }

    @Override
    public List<String> unsubscribeFrames() {
        return List.of(unsubscribe);
    }

    /** One acknowledgement for the one UNSUBSCRIBE of every market. */
    @Override
    public int expectedUnsubscribeAcks() {
        return 1;
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
                    + settings.markets().size() + " trade streams (" + what + "); check the markets " + settings.markets()));
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
                    + "exceeding it); connecting again in no less than " + Durations.format(settings.rateLimitedWait()),
                    settings.rateLimitedWait());
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

    /** Binance market streams carry no credentials. */
    @Override
    public String redact(String text) {
        return text;
    }

    @Override
    public Optional<ClientPing> clientPing() {
        return Optional.of(new ClientPing(BinanceSubscriptions.listSubscriptions(), settings.heartbeatInterval()));
    }

    @Override
    public Optional<Duration> maxConnectionAge() {
        return Optional.of(MAX_CONNECTION_AGE);
    }

    @Override
    public boolean sequentialTradeIds() {
        return true;
    }
}
