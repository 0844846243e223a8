package io.cryptostream.exchange;

import io.cryptostream.domain.Market;

import java.util.List;

/** The inverse of a {@link CandleCodec}: candles (oldest first) written as the venue's response body, for the simulator. */
@FunctionalInterface
public interface CandleWriter {

    String body(Market market, List<VenueCandle> candles);
}
