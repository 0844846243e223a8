package io.cryptostream.simulator;

import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.Venues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator imitates every registered venue at the path of its real endpoint. */
class SimulatorProtocolsTest {

    static List<Venue> venues() {
        return Venues.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void every_venue_is_simulated_under_its_name_at_its_endpoints_path(Venue venue) {
        VenueProtocol protocol = SimulatorProtocols.forVenue(venue);

        assertThat(protocol.name()).isEqualTo(venue.displayName());
        assertThat(venue.endpoint().getPath()).isIn(protocol.path(), "");
    }
}
