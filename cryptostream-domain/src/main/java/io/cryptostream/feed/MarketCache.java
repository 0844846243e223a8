package io.cryptostream.feed;

import com.fasterxml.jackson.core.JsonToken;
import io.cryptostream.domain.Market;

import java.util.Arrays;

/**
 * The markets a codec has already made, found again by the characters of the fields that name them (e.g. a
 * {@code product_id} of {@code BTC-USD}), so that a trade of a known market makes neither a String nor a Market.
 * Only JSON string fields match. Holds at most {@value #MOST} markets (a feed names a handful); safe to share
 * between threads: entries are immutable and replaced as a whole.
 */
public final class MarketCache {

    private static final int MOST = 64;

    private record Entry(String[] names, Market market) {
    }

    private volatile Entry[] entries = new Entry[0];

    /** The market remembered for the texts of string fields {@code fields} of {@code object}, or null. */
    public Market find(FrameObject object, String... fields) {
        Entry[] known = entries;
        if (known.length == 0) {
            return null;
        }
        long[] spans = new long[fields.length];
        for (int f = 0; f < fields.length; f++) {
            spans[f] = object.token(fields[f]) == JsonToken.VALUE_STRING ? object.span(fields[f]) : -1;
            if (spans[f] < 0) {
                return null;
            }
        }
        for (Entry entry : known) {
            if (matches(entry.names(), object, spans)) {
                return entry.market();
            }
        }
        return null;
    }

    /** Remembers {@code market} as the one named by the texts {@code names}, while there is room. */
    public void add(Market market, String... names) {
        Entry[] known = entries;
        if (known.length < MOST) {
            Entry[] grown = Arrays.copyOf(known, known.length + 1);
            grown[known.length] = new Entry(names.clone(), market);
            entries = grown;
        }
    }

    private static boolean matches(String[] names, FrameObject object, long[] spans) {
        for (int f = 0; f < names.length; f++) {
            if (!object.spanIs(spans[f], names[f])) {
                return false;
            }
        }
        return true;
    }
}
