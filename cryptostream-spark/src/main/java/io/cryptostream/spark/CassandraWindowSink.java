package io.cryptostream.spark;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.Candle;
import io.cryptostream.store.DirectionWindow;
import io.cryptostream.store.StoreSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.util.List;

import static io.cryptostream.spark.TradeJsonParser.DECIMAL;

/**
 * Upserts each batch into {@code trademsgs1minutewindow} and {@code candles_1m} with the Spark Cassandra
 * connector. Cassandra writes are upserts on the primary key, and every batch carries complete window values, so
 * writing a replayed batch again leaves the same rows: the tables end exactly-once even though writes are
 * at-least-once.
 */
public final class CassandraWindowSink implements WindowSink {

    private static final StructType WINDOW_ROW = new StructType()
            .add("date", DataTypes.TimestampType)
            .add("window_start", DataTypes.TimestampType)
            .add("window_end", DataTypes.TimestampType)
            .add("market", DataTypes.StringType)
            .add("direction", DataTypes.StringType)
            .add("fromcoin", DataTypes.StringType)
            .add("tocurrency", DataTypes.StringType)
            .add("avgprice", DECIMAL)
            .add("totalquantity", DECIMAL)
            .add("totalvol", DECIMAL)
            .add("counttxns", DataTypes.LongType)
            .add("uuid", DataTypes.StringType)
            .add("open", DECIMAL)
            .add("high", DECIMAL)
            .add("low", DECIMAL)
            .add("close", DECIMAL)
            .add("vwap", DECIMAL);

    private static final StructType CANDLE_ROW = new StructType()
            .add("exchange", DataTypes.StringType)
            .add("base", DataTypes.StringType)
            .add("quote", DataTypes.StringType)
            .add("day", DataTypes.DateType)
            .add("window_start", DataTypes.TimestampType)
            .add("window_end", DataTypes.TimestampType)
            .add("open", DECIMAL)
            .add("high", DECIMAL)
            .add("low", DECIMAL)
            .add("close", DECIMAL)
            .add("volume", DECIMAL)
            .add("quote_volume", DECIMAL)
            .add("trades", DataTypes.LongType)
            .add("buy_volume", DECIMAL)
            .add("sell_volume", DECIMAL)
            .add("vwap", DECIMAL);

    private final SparkSession spark;
    private final CassandraSettings settings;

    private CassandraWindowSink(SparkSession spark, CassandraSettings settings) {
        this.spark = spark;
        this.settings = settings;
    }

    /**
     * Creates the keyspace and tables when missing and checks their shape before anything is written.
     *
     * @throws io.cryptostream.store.IncompatibleSchemaException when a table exists with another shape
     * @throws io.cryptostream.store.CassandraUnavailableException when Cassandra cannot be reached
     */
    public static CassandraWindowSink open(SparkSession spark, CassandraSettings settings) {
        StoreSchema.ensure(settings);
        return new CassandraWindowSink(spark, settings);
    }

    @Override
    public void write(WindowBatch batch) {
        try {
            upsert(StoreSchema.WINDOWS_TABLE, spark.createDataFrame(
                    batch.directionWindows().stream().map(CassandraWindowSink::windowRow).toList(), WINDOW_ROW));
            upsert(StoreSchema.CANDLES_TABLE, spark.createDataFrame(
                    batch.candles().stream().map(CassandraWindowSink::candleRow).toList(), CANDLE_ROW));
        } catch (RuntimeException e) {
            throw unreachable(e) ? CassandraSessions.unavailable(settings, e) : e;
        }
    }

    /** The connector reports an unreachable node as an IOException wrapping the driver's AllNodesFailedException. */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AllNodesFailedException
                    || String.valueOf(t.getMessage()).contains("Failed to open native connection")) {
                return true;
            }
        }
        return false;
    }

    private void upsert(String table, Dataset<Row> rows) {
        rows.write()
                .format("org.apache.spark.sql.cassandra")
                .option("keyspace", settings.keyspace())
                .option("table", table)
                .mode(SaveMode.Append)
                .save();
    }

    private static Row windowRow(DirectionWindow w) {
        return requireFitsDecimalColumns(RowFactory.create(w.hour(), w.windowStart(), w.windowEnd(), w.exchange(),
                w.direction().name(), w.base(), w.quote(), w.avgPrice(), w.totalQuantity(), w.totalVolume(),
                w.tradeCount(), w.uuid().toString(), w.open(), w.high(), w.low(), w.close(), w.vwap()), WINDOW_ROW, w);
    }

    private static Row candleRow(Candle c) {
        return requireFitsDecimalColumns(RowFactory.create(c.exchange(), c.base(), c.quote(), c.day(),
                c.windowStart(), c.windowEnd(), c.open(), c.high(), c.low(), c.close(), c.volume(), c.quoteVolume(),
                c.trades(), c.buyVolume(), c.sellVolume(), c.vwap()), CANDLE_ROW, c);
    }

    /**
     * Spark would round a value with more than 18 decimal places to fit decimal(38,18) without a word. The job
     * never produces one (sums of decimal(38,18), quotients at 18 places), so one here is a caller's bug.
     */
    static Row requireFitsDecimalColumns(Row row, StructType schema, Object source) {
        for (int i = 0; i < row.length(); i++) {
            if (row.get(i) instanceof BigDecimal value
                    && (value.scale() > DECIMAL.scale() || value.precision() - value.scale() > 20)) {
                throw new IllegalArgumentException("column " + schema.fields()[i].name() + " = "
                        + value.toPlainString() + " does not fit decimal(38,18) exactly, refusing to round it: "
                        + source);
            }
        }
        return row;
    }
}
