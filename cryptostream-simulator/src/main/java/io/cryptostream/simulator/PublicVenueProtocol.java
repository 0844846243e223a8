package io.cryptostream.simulator;

import org.apache.pekko.http.javadsl.model.HttpRequest;

import java.net.URI;
import java.util.Optional;

/**
 * A venue whose market data is public: clients dial the endpoint as it is and present no credential, and every
 * connection is admitted without a greeting unless the venue overrides {@link #greet}.
 */
abstract class PublicVenueProtocol implements VenueProtocol {

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
}
