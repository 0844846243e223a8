package io.cryptostream.simulator;

import io.cryptostream.domain.Market;

import java.util.Set;

/** One client socket as a {@link VenueProtocol} sees it while answering that client's frames. */
public interface VenueConnection {

    /** Queues a text frame for the client. */
    void send(String frame);

    /**
     * Subscribes to a market's trades, first sending the market's latest trades (up to
     * {@link SimulatorConfig#replayOnSubscribe()}) so they arrive before the caller's acknowledgement.
     *
     * @return false if the connection was already subscribed
     */
    boolean subscribe(Market market);

    /** @return false if the connection was not subscribed */
    boolean unsubscribe(Market market);

    Set<Market> subscriptions();

    /**
     * Subscribes to a market's order book changes (Bitstamp live_orders), starting the market's order flow if this
     * is its first order subscriber. Nothing is replayed.
     *
     * @return false if the connection was already subscribed
     */
    boolean subscribeOrders(Market market);

    /** @return false if the connection was not subscribed to the market's orders */
    boolean unsubscribeOrders(Market market);

    /** Closes the socket cleanly after the frames already queued. */
    void close();
}
