package io.cryptostream.exchange;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;

import java.util.List;

/**
 * The inverse of a {@link HistoryCodec}: a page of trades (oldest first, each as the venue's frames report it)
 * written as the venue's response body. {@code next} is the cursor a venue writes into the body (Kraken's
 * {@code last}); venues that do not ignore it.
 */
@FunctionalInterface
public interface HistoryWriter {

    String body(Market market, List<Trade> trades, String next);
}
