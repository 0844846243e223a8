package io.cryptostream.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * TradeJson text to typed trade columns. Decimals arrive as JSON strings and become decimal(38,18): 20 integer
 * and 18 fraction digits, enough for every venue's prices and sizes (a value with more than 18 fraction digits
 * would be rounded half-up by Spark). Records that do not parse or lack a field are dropped and counted.
 */
public final class TradeJsonParser {

    /** decimal(38,18): the widest Spark decimal, and sum() of it stays decimal(38,18), exact. */
    public static final DecimalType DECIMAL = DataTypes.createDecimalType(38, 18);

    /** Name of the observed metrics ({@code records}, {@code malformed}) in each query progress. */
    public static final String PARSE_METRICS = "trade_parsing";

    public static final StructType TRADE_JSON_SCHEMA = new StructType()
            .add("v", DataTypes.IntegerType)
            .add("exchange", DataTypes.StringType)
            .add("base", DataTypes.StringType)
            .add("quote", DataTypes.StringType)
            .add("side", DataTypes.StringType)
            .add("price", DECIMAL)
            .add("quantity", DECIMAL)
            .add("quoteVolume", DECIMAL)
            .add("tradeId", DataTypes.StringType)
            .add("eventTime", DataTypes.TimestampType)
            .add("receiveTime", DataTypes.TimestampType);

    private TradeJsonParser() {
    }

    /** {@code value} strings to one row per valid trade, with the TradeJson field names as columns. */
    public static Dataset<Row> parse(Dataset<Row> jsonValues) {
        Column trade = col("trade");
        Column valid = trade.isNotNull()
                .and(trade.getField("exchange").isNotNull())
                .and(trade.getField("base").isNotNull())
                .and(trade.getField("quote").isNotNull())
                .and(trade.getField("side").isin("BUY", "SELL", "UNKNOWN"))
                .and(trade.getField("price").gt(0))
                .and(trade.getField("quantity").gt(0))
                .and(trade.getField("quoteVolume").isNotNull())
                .and(trade.getField("tradeId").isNotNull())
                .and(trade.getField("eventTime").isNotNull());
        return jsonValues
                .select(from_json(col("value"), TRADE_JSON_SCHEMA).as("trade"))
                .withColumn("valid", valid.isNotNull().and(valid))
                .observe(PARSE_METRICS,
                        count(lit(1)).as("records"),
                        sum(when(col("valid"), 0).otherwise(1)).as("malformed"))
                .where(col("valid"))
                .select("trade.*");
    }
}
