package io.cryptostream.exchange;

import io.cryptostream.domain.Trade;

import java.util.List;
import java.util.Optional;

/** What one REST trade-history response body means. */
public sealed interface HistoryPage {

    /**
     * The trades of one page, oldest first whatever order the venue sent them in, and the cursor of the next page in
     * the direction the venue pages ({@link TradeHistory.Paging}); empty when there is none.
     */
    record Trades(List<Trade> trades, Optional<String> next) implements HistoryPage {
        public Trades {
            trades = List.copyOf(trades);
        }
    }

    /** A body that is not a page of trades (an error answer, damaged JSON), and why, in one line. */
    record Failed(String reason) implements HistoryPage {
    }

    /** The trades, or an exception naming why there are none. */
    default List<Trade> tradesOrThrow() {
        if (this instanceof Trades page) {
            return page.trades();
        }
        throw new IllegalStateException(((Failed) this).reason());
    }
}
