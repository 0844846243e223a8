package io.cryptostream.spark;

import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptedOffsetsTest {

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();

    private static final TopicPartition P0 = new TopicPartition("trades", 0);
    private static final TopicPartition P1 = new TopicPartition("trades", 1);

    @Test
    void recordsInBatchesTheWindowQueryFoundAllValidNeedNoSecondCheck() {
        AcceptedOffsets accepted = new AcceptedOffsets("windows");
        accepted.checked(Optional.of(Map.of(P0, 0L, P1, 0L)), Map.of(P0, 100L, P1, 50L), true);
        accepted.checked(Optional.of(Map.of(P0, 100L, P1, 50L)), Map.of(P0, 200L, P1, 90L), true);

        assertThat(accepted.allValid(Map.of(P0, 0L, P1, 0L), Map.of(P0, 200L, P1, 90L))).isTrue();
        assertThat(accepted.allValid(Map.of(P0, 150L, P1, 90L), Map.of(P0, 200L, P1, 90L))).isTrue();
        assertThat(accepted.allValid(Map.of(P0, 150L, P1, 80L), Map.of(P0, 250L, P1, 90L))).isFalse();
    }

    @Test
    void aBatchWithARejectedRecordOrAnUnknownStartIsCheckedAgain() {
        AcceptedOffsets accepted = new AcceptedOffsets("windows");
        accepted.checked(Optional.empty(), Map.of(P0, 100L), true);
        accepted.checked(Optional.of(Map.of(P0, 100L)), Map.of(P0, 200L), false);
        accepted.checked(Optional.of(Map.of(P0, 200L)), Map.of(P0, 300L), true);

        assertThat(accepted.allValid(Map.of(P0, 0L), Map.of(P0, 100L))).isFalse();
        assertThat(accepted.allValid(Map.of(P0, 100L), Map.of(P0, 200L))).isFalse();
        assertThat(accepted.allValid(Map.of(P0, 200L), Map.of(P0, 300L))).isTrue();
        assertThat(accepted.allValid(Map.of(), Map.of(P0, 300L))).isFalse();
    }

    @Test
    void theDeadLetterQueryChecksOnlyTheRecordsOutsideTheValidRanges() {
        AcceptedOffsets accepted = new AcceptedOffsets("windows");
        accepted.checked(Optional.of(Map.of(P0, 2L)), Map.of(P0, 5L), true);
        accepted.checked(Optional.of(Map.of(P0, 5L)), Map.of(P0, 7L), false);
        accepted.checked(Optional.of(Map.of(P1, 0L)), Map.of(P1, 3L), true);

        List<Row> rows = new ArrayList<>();
        for (int partition = 0; partition < 2; partition++) {
            for (long offset = 0; offset < 8; offset++) {
                rows.add(RowFactory.create("trades", partition, offset));
            }
        }
        rows.add(RowFactory.create("other", 0, 3L));
        StructType schema = new StructType().add("topic", DataTypes.StringType).add("partition", DataTypes.IntegerType)
                .add("offset", DataTypes.LongType);
        Dataset<Row> records = SPARK.session().createDataFrame(rows, schema);

        List<String> unchecked = records.where(accepted.unchecked()).collectAsList().stream()
                .map(row -> row.getString(0) + "-" + row.getInt(1) + "@" + row.getLong(2)).toList();

        assertThat(unchecked).containsExactlyInAnyOrder("trades-0@0", "trades-0@1", "trades-0@5", "trades-0@6",
                "trades-0@7", "trades-1@3", "trades-1@4", "trades-1@5", "trades-1@6", "trades-1@7", "other-0@3");
    }

    @Test
    void waitsUntilTheWindowQueryHasCheckedTheSameOffsets() throws Exception {
        AcceptedOffsets accepted = new AcceptedOffsets("windows");
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> {
            try {
                return accepted.awaitChecked(Map.of(P0, 100L), () -> true, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        accepted.checked(Optional.of(Map.of(P0, 0L)), Map.of(P0, 60L), true);
        assertThat(waited).isNotDone();

        accepted.checked(Optional.of(Map.of(P0, 60L)), Map.of(P0, 100L), true);

        assertThat(waited.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void stopsWaitingWhenTheWindowQueryStopped() throws InterruptedException {
        AcceptedOffsets accepted = new AcceptedOffsets("windows");

        assertThat(accepted.awaitChecked(Map.of(P0, 100L), () -> false, Duration.ofSeconds(30))).isFalse();
    }

    @Test
    void forgetsTheRangesTheDeadLetterQueryHasPassed() {
        AcceptedOffsets accepted = new AcceptedOffsets("windows");
        accepted.checked(Optional.of(Map.of(P0, 0L)), Map.of(P0, 100L), true);
        accepted.checked(Optional.of(Map.of(P0, 100L)), Map.of(P0, 200L), false);
        accepted.checked(Optional.of(Map.of(P0, 200L)), Map.of(P0, 300L), true);

        accepted.forgetBefore(Map.of(P0, 200L));

        assertThat(accepted.allValid(Map.of(P0, 0L), Map.of(P0, 100L))).isFalse();
        assertThat(accepted.allValid(Map.of(P0, 200L), Map.of(P0, 300L))).isTrue();
    }

    @Test
    void readsSparksKafkaOffsetsAndNoOtherSourcesOffsets() {
        assertThat(AcceptedOffsets.offsets("{\"trades\":{\"0\":12,\"1\":40}}"))
                .contains(Map.of(P0, 12L, P1, 40L));
        assertThat(AcceptedOffsets.offsets("3")).isEmpty();
        assertThat(AcceptedOffsets.offsets(null)).isEmpty();
        assertThat(AcceptedOffsets.offsets("{\"trades\":{\"x\":1}}")).isEmpty();
    }
}
