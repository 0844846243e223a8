package io.cryptostream.ingest;

import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.Venues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Ingest speaks to every registered venue as its description says. */
class IngestProtocolsTest {

    static List<Venue> venues() {
        return Venues.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void every_venue_has_a_protocol_that_follows_its_description(Venue venue) {
        IngestSettings settings = IngestSettings.builder().url(venue.endpoint())
                .markets(venue.markets(venue.defaultMarkets()))
                .heartbeatInterval(venue.liveness().heartbeatInterval()).build();

        VenueProtocol protocol = IngestProtocols.forVenue(venue, settings);

        assertThat(protocol.venue()).isEqualTo(venue.displayName());
        assertThat(protocol.subscribesAfterWelcome()).isEqualTo(venue.subscriptions().afterWelcome());
        assertThat(protocol.subscribeFrames()).isEqualTo(venue.subscriptions().subscribe().apply(settings.markets()));
        assertThat(protocol.expectedUnsubscribeAcks()).isPositive();
        assertThat(protocol.clientPing().map(VenueProtocol.ClientPing::frame)).isEqualTo(venue.liveness().clientPing());
        assertThat(protocol.maxConnectionAge()).isEqualTo(venue.maxConnectionAge());
        assertThat(protocol.sequentialTradeIds()).isEqualTo(venue.tradeIds().gapsAreMissedTrades());
    }
}
