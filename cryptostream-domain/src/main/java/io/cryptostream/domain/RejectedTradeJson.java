package io.cryptostream.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The documented form of a rejected trade record, one JSON object per record of the dead-letter topic
 * {@code <topic>.rejected} (the Kafka convention) or per line of a rejected-records file:
 *
 * <pre>{"reason":"QUOTE_VOLUME_MISMATCH","detail":"quoteVolume -999999 is not price × quantity = 64000",
 * "record":"{\"v\":1,\"exchange\":\"Coinbase\",...}","exchange":"Coinbase","topic":"trades","partition":0,
 * "offset":1234}</pre>
 *
 * {@code record} is the original text (an Avro record's bytes in Base64); {@code exchange} is present when the record
 * names one; {@code topic, partition, offset} say where the Spark job read it (ingest rejects a trade before it has
 * any), and {@code contentType} the format the record named ({@link TradeFormat#HEADER}), when it named one.
 */
public final class RejectedTradeJson {

    public static final String TOPIC_SUFFIX = ".rejected";
    public static final String REASON = "reason";
    public static final String DETAIL = "detail";
    public static final String RECORD = "record";
    public static final String EXCHANGE = "exchange";

    private static final JsonFactory JSON = new JsonFactory();

    private RejectedTradeJson() {
    }

    /** The dead-letter topic of {@code topic}. */
    public static String topicOf(String topic) {
        return topic + TOPIC_SUFFIX;
    }

    /** A trade a codec built and the check refused: its record is the trade's {@link TradeJson}. */
    public static String encode(Trade trade, Rejection rejection) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField(REASON, rejection.reason().name());
            g.writeStringField(DETAIL, rejection.detail());
            g.writeStringField(RECORD, TradeJson.encode(trade));
            g.writeStringField(EXCHANGE, trade.exchange());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
