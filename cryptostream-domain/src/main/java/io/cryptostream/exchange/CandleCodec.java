package io.cryptostream.exchange;

/**
 * A pure function from one REST candle response body to its candles. Never throws on bad input: it answers
 * {@link CandlePage.Failed}.
 */
@FunctionalInterface
public interface CandleCodec {

    CandlePage decode(String body);
}
