package io.cryptostream.exchange;

import java.util.List;

/** What one REST candle response body means. */
public sealed interface CandlePage {

    /** The candles of one answer, oldest first whatever order the venue sent them in. */
    record Candles(List<VenueCandle> candles) implements CandlePage {
        public Candles {
            candles = List.copyOf(candles);
        }
    }

    /** A body that is not a list of candles (an error answer, damaged JSON), and why, in one line. */
    record Failed(String reason) implements CandlePage {
    }
}
