package io.cryptostream.simulator;

/**
 * A snapshot of a {@link SimulatorServer}'s counters.
 *
 * @param connectionsAccepted WebSocket connections admitted since start (welcome sent)
 * @param connectionsRefused  connections refused with 401 or 429 since start
 * @param connectionsOpen     admitted connections open now
 * @param subscriptionsActive market subscriptions (trade and order channels) held now, summed over connections
 * @param marketsActive       markets created so far (a market starts at its first subscription and never stops)
 * @param tradesEmitted       trades generated so far, over all markets, each counted once however many receive it
 * @param framesSent          text frames handed to client sockets, all types
 */
public record SimulatorStats(
        long connectionsAccepted,
        long connectionsRefused,
        int connectionsOpen,
        int subscriptionsActive,
        int marketsActive,
        long tradesEmitted,
        long framesSent) {
}
