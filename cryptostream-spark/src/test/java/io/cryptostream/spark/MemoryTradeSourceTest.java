package io.cryptostream.spark;

import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryTradeSourceTest {

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();

    private static final List<String> BEHIND_VALUES = new CopyOnWriteArrayList<>();
    private static final CountDownLatch BEHIND_RELEASED = new CountDownLatch(1);

    @Test
    void aQueryHeldBackWhileAnotherCommitsStillReadsEveryRecord(@TempDir Path checkpoints) throws Exception {
        MemoryTradeSource source = new MemoryTradeSource(SPARK.session());
        StreamingQuery ahead = source.records(SPARK.session()).writeStream().format("memory").queryName("ahead")
                .option("checkpointLocation", checkpoints.resolve("ahead").toString()).start();
        StreamingQuery behind = source.records(SPARK.session()).writeStream()
                .foreachBatch((VoidFunction2<Dataset<Row>, Long>) MemoryTradeSourceTest::collectOnceReleased)
                .option("checkpointLocation", checkpoints.resolve("behind").toString()).start();
        try {
            for (int batch = 0; batch < 4; batch++) {
                source.addJson(List.of("a" + batch, "b" + batch));
                ahead.processAllAvailable();
            }
            BEHIND_RELEASED.countDown();
            behind.processAllAvailable();

            List<String> all = List.of("a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3");
            assertThat(SPARK.session().table("ahead").as(Encoders.STRING()).collectAsList())
                    .containsExactlyInAnyOrderElementsOf(all);
            assertThat(BEHIND_VALUES).containsExactlyInAnyOrderElementsOf(all);
        } finally {
            ahead.stop();
            behind.stop();
        }
    }

    @Test
    void aQueryCannotStartOnceRecordsWereHandedOver() {
        MemoryTradeSource source = new MemoryTradeSource(SPARK.session());
        source.records(SPARK.session());
        source.addJson(List.of("{}"));

        assertThatThrownBy(() -> source.records(SPARK.session()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in-process trades")
                .hasMessageContaining("would miss the records");
    }

    private static void collectOnceReleased(Dataset<Row> batch, Long batchId) throws InterruptedException {
        assertThat(BEHIND_RELEASED.await(60, TimeUnit.SECONDS)).isTrue();
        BEHIND_VALUES.addAll(batch.as(Encoders.STRING()).collectAsList());
    }
}
