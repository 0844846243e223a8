package io.cryptostream.ingest;

import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.Venues;
import org.junit.jupiter.api.Test;
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

    @Test
    void a_venue_without_quirks_of_its_own_is_driven_by_its_description_alone() {
        Venue kraken = Venues.named("kraken");
        Venue plain = new Venue("plain-venue", kraken.exchange(), "Plain", kraken.endpoint(), kraken.defaultMarkets(),
                false, kraken.liveness(), kraken.tradeIds(), kraken.maxConnectionAge(), kraken.rateLimits(), false,
                kraken.subscriptions(), kraken.codec(), kraken.frames(), kraken.marketParser());
        IngestSettings settings = IngestSettings.builder().url(plain.endpoint())
                .markets(plain.markets(plain.defaultMarkets())).build();

        VenueProtocol protocol = IngestProtocols.forVenue(plain, settings);

        assertThat(protocol).isExactlyInstanceOf(DescribedVenueProtocol.class);
        assertThat(protocol.venue()).isEqualTo("Plain");
        assertThat(protocol.subscribeFrames()).isEqualTo(plain.subscriptions().subscribe().apply(settings.markets()));
    }
}
