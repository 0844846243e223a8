package io.cryptostream.exchange.binance;

/**
 * The two Binance markets cryptostream reads: spot and USD-M (USDT-margined) futures. They share the stream
 * protocol and the trade format; they differ in endpoint, exchange name and the client message limit.
 */
public enum BinanceVenue {

    SPOT("Binance", "wss://stream.binance.com:9443/stream", 5),
    /** USD-M market streams moved under {@code /market} in 2026; the legacy {@code /ws} and {@code /stream} were retired. */
    USDM_FUTURES("BinanceFutures", "wss://fstream.binance.com/market/stream", 10);

    private final String exchange;
    private final String endpoint;
    private final int clientMessagesPerSecond;

    BinanceVenue(String exchange, String endpoint, int clientMessagesPerSecond) {
        this.exchange = exchange;
        this.endpoint = endpoint;
        this.clientMessagesPerSecond = clientMessagesPerSecond;
    }

    /** The exchange name of this venue's markets and trades, e.g. {@code Binance}. */
    public String exchange() {
        return exchange;
    }

    /** The combined-stream endpoint; subscriptions are sent live on it, so the URL carries no stream names. */
    public String endpoint() {
        return endpoint;
    }

    /** Frames (text, ping, pong) a client may send per second before the server disconnects it. */
    public int clientMessagesPerSecond() {
        return clientMessagesPerSecond;
    }
}
