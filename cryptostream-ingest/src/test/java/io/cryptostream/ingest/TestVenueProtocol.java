package io.cryptostream.ingest;

import io.cryptostream.exchange.Venue;
import io.cryptostream.feed.FeedEvent;

import java.time.Duration;
import java.util.Optional;

/** The ingest side of {@link Testex}, with the session hooks switched on as a test needs. */
final class TestVenueProtocol extends DescribedVenueProtocol {

    private final Venue venue;
    private final Duration pingInterval;

    private TestVenueProtocol(Venue venue, IngestSettings settings, Duration pingInterval) {
        super(venue, settings);
        this.venue = venue;
        this.pingInterval = pingInterval;
    }

    static TestVenueProtocol of(IngestSettings settings) {
        return new TestVenueProtocol(Testex.VENUE, settings, settings.heartbeatInterval());
    }

    TestVenueProtocol pingingEvery(Duration interval) {
        return new TestVenueProtocol(Testex.venue(Optional.of(Testex.PING), venue.maxConnectionAge(), venue.tradeIds()),
                ingestSettings(), interval);
    }

    TestVenueProtocol withMaxConnectionAge(Duration age) {
        return new TestVenueProtocol(Testex.venue(venue.liveness().clientPing(), Optional.of(age), venue.tradeIds()),
                ingestSettings(), pingInterval);
    }

    TestVenueProtocol withSequentialTradeIds() {
        return new TestVenueProtocol(Testex.venue(venue.liveness().clientPing(), venue.maxConnectionAge(),
                Venue.TradeIds.SEQUENTIAL_PER_MARKET), ingestSettings(), pingInterval);
    }

    @Override
    protected Duration clientPingInterval() {
        return pingInterval;
    }

    @Override
    public ServerReaction onRejected(FeedEvent.Rejected rejected) {
        return new ServerReaction.Continue("Testex refused: " + rejected);
    }

    @Override
    public ServerReaction onUpgradeRefused(int status, String reason) {
        return new ServerReaction.Reconnect("Testex refused the upgrade: " + status + " " + reason, Duration.ZERO);
    }
}
