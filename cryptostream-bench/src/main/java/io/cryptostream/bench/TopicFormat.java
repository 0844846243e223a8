package io.cryptostream.bench;

import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeJson;

import java.nio.charset.StandardCharsets;

/**
 * A record value format of the trades topic, named as the settings key {@value #SETTING} names it. The bench writes
 * the preloaded topics in it, the plain consumer decodes it, and the Spark driver is given it through that key, so
 * each format's job is measured next to a plain consumer reading the same bytes.
 *
 * <p>JSON ({@link TradeJson}) is the format of the topic today. Another format joins by adding a constant with its
 * encoder and decoder here (for Avro: the schema's GenericDatumWriter/GenericDatumReader over its {@code .avsc}) and
 * the job's source for it in {@link SparkChild#source}; every stage then measures it too.
 */
enum TopicFormat {
    JSON("json") {
        @Override
        byte[] encode(Trade trade) {
            return TradeJson.encode(trade).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        Trade decode(byte[] value) {
            return TradeJson.decode(new String(value, StandardCharsets.UTF_8));
        }
    };

    /** The settings key that selects the topic format of ingest and the job. */
    static final String SETTING = "cryptostream.kafka.format";

    private final String settingValue;

    TopicFormat(String settingValue) {
        this.settingValue = settingValue;
    }

    /** The value of {@value #SETTING} that selects this format, e.g. {@code json}. */
    String settingValue() {
        return settingValue;
    }

    abstract byte[] encode(Trade trade);

    abstract Trade decode(byte[] value);

    static TopicFormat fromSetting(String value) {
        for (TopicFormat format : values()) {
            if (format.settingValue.equals(value)) {
                return format;
            }
        }
        throw new IllegalArgumentException(SETTING + " = " + value + " is not a topic format the bench knows: "
                + java.util.Arrays.stream(values()).map(TopicFormat::settingValue).toList());
    }

    @Override
    public String toString() {
        return settingValue;
    }
}
