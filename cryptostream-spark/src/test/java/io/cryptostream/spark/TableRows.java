package io.cryptostream.spark;

import io.cryptostream.store.Candle;
import io.cryptostream.store.DirectionWindow;
import io.cryptostream.store.OrderFlowWindow;
import io.cryptostream.store.StoreSchema;
import io.cryptostream.store.TableShape;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Map.entry;

/** Chosen store records as the table-layout Datasets a sink receives, for tests that write exact values. */
final class TableRows {

    private TableRows() {
    }

    static WindowBatch windowBatch(SparkSession spark, long batchId, List<DirectionWindow> windows,
                                   List<Candle> candles) {
        List<Row> rows = new ArrayList<>();
        windows.forEach(w -> rows.add(RowFactory.create(List.of(row(StoreSchema.WINDOWS, columns(w))), null)));
        candles.forEach(c -> rows.add(RowFactory.create(List.of(), row(StoreSchema.CANDLES, columns(c)))));
        StructType schema = new StructType()
                .add(StoreSchema.WINDOWS_TABLE, DataTypes.createArrayType(TableLayout.schema(StoreSchema.WINDOWS)))
                .add(StoreSchema.CANDLES_TABLE, TableLayout.schema(StoreSchema.CANDLES));
        return new WindowBatch(batchId, spark.createDataFrame(rows, schema));
    }

    static OrderFlowBatch orderFlowBatch(SparkSession spark, long batchId, List<OrderFlowWindow> windows) {
        return new OrderFlowBatch(batchId,
                dataset(spark, StoreSchema.ORDER_FLOW, windows.stream().map(TableRows::columns).toList()));
    }

    private static Dataset<Row> dataset(SparkSession spark, TableShape table, List<Map<String, Object>> rows) {
        List<Row> ordered = rows.stream().map(row -> row(table, row)).toList();
        return spark.createDataFrame(ordered, TableLayout.schema(table));
    }

    private static Row row(TableShape table, Map<String, Object> columns) {
        return RowFactory.create(table.columns().keySet().stream().map(columns::get).toArray());
    }

    private static Map<String, Object> columns(DirectionWindow w) {
        return Map.ofEntries(entry("date", Timestamp.from(w.hour())),
                entry("window_start", Timestamp.from(w.windowStart())),
                entry("window_end", Timestamp.from(w.windowEnd())), entry("market", w.exchange()),
                entry("direction", w.direction().name()), entry("fromcoin", w.base()), entry("tocurrency", w.quote()),
                entry("avgprice", text(w.avgPrice())), entry("totalquantity", text(w.totalQuantity())),
                entry("totalvol", text(w.totalVolume())), entry("counttxns", w.tradeCount()),
                entry("uuid", w.uuid().toString()), entry("open", text(w.open())), entry("high", text(w.high())),
                entry("low", text(w.low())), entry("close", text(w.close())), entry("vwap", text(w.vwap())));
    }

    private static Map<String, Object> columns(Candle c) {
        return Map.ofEntries(entry("exchange", c.exchange()), entry("base", c.base()), entry("quote", c.quote()),
                entry("day", Date.valueOf(c.day())), entry("window_start", Timestamp.from(c.windowStart())),
                entry("window_end", Timestamp.from(c.windowEnd())), entry("open", text(c.open())),
                entry("high", text(c.high())), entry("low", text(c.low())), entry("close", text(c.close())),
                entry("volume", text(c.volume())), entry("quote_volume", text(c.quoteVolume())),
                entry("trades", c.trades()), entry("buy_volume", text(c.buyVolume())),
                entry("sell_volume", text(c.sellVolume())), entry("vwap", text(c.vwap())));
    }

    private static Map<String, Object> columns(OrderFlowWindow w) {
        return Map.ofEntries(entry("exchange", w.exchange()), entry("base", w.base()), entry("quote", w.quote()),
                entry("day", Date.valueOf(w.day())), entry("window_start", Timestamp.from(w.windowStart())),
                entry("side", w.side().name()), entry("window_end", Timestamp.from(w.windowEnd())),
                entry("created", w.created()), entry("changed", w.changed()), entry("deleted", w.deleted()),
                entry("created_amount", text(w.createdAmount())),
                entry("created_notional", text(w.createdNotional())),
                entry("deleted_amount", text(w.deletedAmount())),
                entry("deleted_notional", text(w.deletedNotional())));
    }

    private static String text(BigDecimal value) {
        return value.toPlainString();
    }
}
