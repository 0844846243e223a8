package io.cryptostream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptostream.domain.Market;
import io.cryptostream.simulator.SimulatorServer;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults a soak injects through the simulator, in turn. Three break the connection (ingest must notice and
 * reconnect, and the venue's re-sent trades must count once); three send garbage on a healthy connection (ingest
 * must set it aside and carry on without a reconnect).
 */
enum SoakFault {

    /** TCP cut without a close frame, like a network failure. */
    CONNECTION_DROP("connection drop", true) {
        @Override
        int inject(SimulatorServer venue, List<Market> markets) {
            return venue.dropAllConnections();
        }
    },
    /** The socket stays open but goes silent, heartbeats too: ingest must find it stale and replace it. */
    STALL("stall (silent socket)", true) {
        @Override
        int inject(SimulatorServer venue, List<Market> markets) {
            return venue.stallAllConnections();
        }
    },
    /** The venue asks the client to go (CryptoCompare 500 FORCE_DISCONNECT) and closes. */
    RECONNECT_REQUEST("venue reconnect request", true) {
        @Override
        int inject(SimulatorServer venue, List<Market> markets) {
            return venue.forceDisconnectAll();
        }
    },
    /** Invalid JSON and trades missing required fields. */
    MALFORMED_FRAMES("malformed frames", false) {
        @Override
        int inject(SimulatorServer venue, List<Market> markets) {
            return venue.sendMalformedFrames(3);
        }
    },
    /** A well-formed frame of a type a trade client does not handle (a ticker). */
    UNKNOWN_TYPE("unknown message type", false) {
        @Override
        int inject(SimulatorServer venue, List<Market> markets) {
            return venue.sendUnknownTypeFrame();
        }
    },
    /**
     * Well-formed trade frames a venue's garbage is made of: zero quantity, a negative price, and a time an hour
     * ahead (a wrong clock, which must not move the job's watermark).
     */
    BAD_TRADES("bad trades (zero quantity, negative price, an hour ahead)", false) {
        @Override
        int inject(SimulatorServer venue, List<Market> markets) throws InterruptedException {
            Instant now = Instant.now();
            int reached = 0;
            for (Market market : markets) {
                reached += venue.publish(market, badTrade(market, "0", "100", now));
                reached += venue.publish(market, badTrade(market, "1", "-100", now));
                reached += venue.publish(market, badTrade(market, "1", "100", now.plus(Duration.ofHours(1))));
            }
            return reached;
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong badTradeIds = new AtomicLong();

    private final String description;
    private final boolean breaksConnection;

    SoakFault(String description, boolean breaksConnection) {
        this.description = description;
        this.breaksConnection = breaksConnection;
    }

    /** Injects the fault on every open connection; returns how many connections (or deliveries) it reached. */
    abstract int inject(SimulatorServer venue, List<Market> markets) throws InterruptedException;

    String description() {
        return description;
    }

    boolean breaksConnection() {
        return breaksConnection;
    }

    /** How long ingest may take to be back on every market after this fault. */
    Duration recoveryBudget(Duration staleAfter) {
        return breaksConnection ? staleAfter.plusSeconds(30) : Duration.ofSeconds(3);
    }

    /** A CryptoCompare trade frame (the simulator's protocol in a soak) with the given quantity, price and time. */
    private static String badTrade(Market market, String quantity, String price, Instant at) {
        ObjectNode frame = JSON.createObjectNode()
                .put("TYPE", "0").put("M", market.exchange()).put("FSYM", market.base()).put("TSYM", market.quote())
                .put("F", "2").put("ID", "soak-bad-" + badTradeIds.incrementAndGet())
                .put("TS", at.getEpochSecond()).put("TSNS", at.getNano());
        frame.put("Q", new BigDecimal(quantity));
        frame.put("P", new BigDecimal(price));
        return frame.toString();
    }
}
