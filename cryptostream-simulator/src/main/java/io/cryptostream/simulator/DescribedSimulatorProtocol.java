package io.cryptostream.simulator;

import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.TradeHistories;
import io.cryptostream.exchange.CandleHistories;
import io.cryptostream.exchange.CandleHistory;
import io.cryptostream.exchange.TradeHistory;
import io.cryptostream.exchange.Venue;
import io.cryptostream.feed.FrameWriter;
import io.cryptostream.feed.JsonFrameText;
import org.apache.pekko.http.javadsl.model.HttpRequest;

import java.net.URI;
import java.util.Optional;

/**
 * A simulated venue read from its {@link Venue} description: its name, the path of its endpoint, and the trade
 * (and order) frames its {@link FrameWriter} writes. Market data is public unless a venue overrides the
 * credential hooks: clients dial the endpoint as it is, present no credential, and are admitted without a greeting
 * unless the venue overrides {@link #greet}. A subclass holds only the server side of its venue: answers to client
 * frames, greeting, heartbeat and control frames.
 */
public abstract class DescribedSimulatorProtocol implements VenueProtocol {

    private final Venue venue;
    private final FrameWriter frames;

    protected DescribedSimulatorProtocol(Venue venue, FrameWriter frames) {
        this.venue = venue;
        this.frames = frames;
    }

    @Override
    public String name() {
        return venue.displayName();
    }

    /** The path of the venue's public endpoint, e.g. {@code /v2}; {@code /} for an endpoint without one. */
    @Override
    public String path() {
        String path = venue.endpoint().getPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    @Override
    public URI clientUri(URI endpoint, String credential) {
        return endpoint;
    }

    @Override
    public Optional<String> credential(HttpRequest request) {
        return Optional.empty();
    }

    @Override
    public Greeting greet(Handshake handshake) {
        return Greeting.none();
    }

    @Override
    public TradeHistory history() {
        return TradeHistories.of(venue);
    }

    @Override
    public CandleHistory candles() {
        return CandleHistories.of(venue);
    }

    @Override
    public Trade asReported(Trade trade) {
        return frames.asReported(trade);
    }

    @Override
    public String tradeFrame(Trade trade) {
        return frames.tradeFrame(trade);
    }

    @Override
    public String orderFrame(OrderEvent order) {
        if (!frames.writesOrders()) {
            return VenueProtocol.super.orderFrame(order);
        }
        return frames.orderFrame(order);
    }

    /** One JSON object holding {@code fields}, as a frame of this venue. */
    protected final String frame(JsonFrameText.Fields fields) {
        return JsonFrameText.object(name(), fields);
    }
}
