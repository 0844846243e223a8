package io.cryptostream.spark;

import io.cryptostream.store.StoreSchema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

/** The output of {@link OrderFlowAggregator} as the rows of {@value StoreSchema#ORDER_FLOW_TABLE}. */
final class OrderFlowRows {

    private OrderFlowRows() {
    }

    static Dataset<Row> of(Dataset<Row> orderFlow) {
        return orderFlow
                .select(col("exchange"), col("base"), col("quote"),
                        TableLayout.utcDay(col("window.start")).as("day"),
                        col("window.start").as("window_start"), col("side"), col("window.end").as("window_end"),
                        col("created"), col("changed"), col("deleted"),
                        sumOf("created_amount", "created"), sumOf("created_notional", "created"),
                        sumOf("deleted_amount", "deleted"), sumOf("deleted_notional", "deleted"))
                .select(TableLayout.columns(StoreSchema.ORDER_FLOW));
    }

    /** A sum over no events is null in Spark and zero in the table; over some events, null means it overflowed. */
    private static Column sumOf(String field, String events) {
        return when(col(field).isNotNull(), DecimalText.of(col(field)))
                .when(col(events).equalTo(0), lit("0"))
                .otherwise(raise_error(concat_ws(" ", lit(field + " of"), col(events),
                        lit("events overflowed decimal(38,18) in window"), col("window").cast("string"),
                        lit("of"), col("exchange"), concat_ws("-", col("base"), col("quote")), col("side"))))
                .as(field);
    }
}
