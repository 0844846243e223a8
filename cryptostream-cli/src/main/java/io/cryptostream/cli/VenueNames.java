package io.cryptostream.cli;

import io.cryptostream.exchange.Venues;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The venue names a flag accepts, for its help text and shell completion. */
final class VenueNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return Venues.names().iterator();
    }

    /** The venues and the simulated CryptoCompare streamer, the original CryptoCompare tutorial's default. */
    static final class WithSimulator implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> names = new ArrayList<>(List.of(TradeFeed.SIMULATOR));
            names.addAll(Venues.names());
            return names.iterator();
        }
    }
}
