package io.cryptostream.spark;

import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.Candle;
import io.cryptostream.store.DirectionWindow;
import io.cryptostream.store.StoreSchema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;

/**
 * Upserts each batch into {@code trademsgs1minutewindow} and {@code candles_1m} with the Spark Cassandra
 * connector. Cassandra writes are upserts on the primary key, and every batch carries complete window values, so
 * writing a replayed batch again leaves the same rows: the tables end exactly-once even though writes are
 * at-least-once.
 *
 * <p>Decimal values reach the connector as plain text, which it parses into Cassandra's arbitrary-precision
 * {@code decimal}: a Spark decimal column (at most 38 digits) would round the exact quote volumes, which need up to
 * 64. Every value therefore reads back exactly as it was computed.
 */
public final class CassandraWindowSink implements WindowSink {

    private static final DataType DECIMAL = DataTypes.StringType;

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

    private final CassandraTableWriter tables;

    private CassandraWindowSink(CassandraTableWriter tables) {
        this.tables = tables;
    }

    /**
     * Creates the keyspace and tables when missing and checks their shape before anything is written.
     *
     * @throws io.cryptostream.store.IncompatibleSchemaException when a table exists with another shape
     * @throws io.cryptostream.store.CassandraUnavailableException when Cassandra cannot be reached
     */
    public static CassandraWindowSink open(SparkSession spark, CassandraSettings settings) {
        return new CassandraWindowSink(CassandraTableWriter.open(spark, settings));
    }

    @Override
    public void write(WindowBatch batch) {
        tables.upsert(StoreSchema.WINDOWS_TABLE,
                batch.directionWindows().stream().map(CassandraWindowSink::windowRow).toList(), WINDOW_ROW);
        tables.upsert(StoreSchema.CANDLES_TABLE,
                batch.candles().stream().map(CassandraWindowSink::candleRow).toList(), CANDLE_ROW);
    }

    private static Row windowRow(DirectionWindow w) {
        return RowFactory.create(w.hour(), w.windowStart(), w.windowEnd(), w.exchange(), w.direction().name(), w.base(),
                w.quote(), text(w.avgPrice()), text(w.totalQuantity()), text(w.totalVolume()), w.tradeCount(),
                w.uuid().toString(), text(w.open()), text(w.high()), text(w.low()), text(w.close()), text(w.vwap()));
    }

    private static Row candleRow(Candle c) {
        return RowFactory.create(c.exchange(), c.base(), c.quote(), c.day(), c.windowStart(), c.windowEnd(),
                text(c.open()), text(c.high()), text(c.low()), text(c.close()), text(c.volume()), text(c.quoteVolume()),
                c.trades(), text(c.buyVolume()), text(c.sellVolume()), text(c.vwap()));
    }

    private static String text(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}
