package io.cryptostream.spark;

import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeJson;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Trades handed over in-process (memory mode, tests). They travel as TradeJson text, so this source exercises the
 * same parsing as Kafka. Its offsets live only in this process: give each run a fresh checkpoint directory. Its
 * rejected records exist nowhere else, so they are appended to a JSON-lines file.
 */
public final class MemoryTradeSource extends MemoryJsonSource implements TradeSource {

    /** The file rejected records go to when none is given, inside the job's checkpoint directory. */
    public static final String REJECTED_FILE_NAME = "rejected-trades.jsonl";

    private final Optional<Path> rejectedFile;

    /** Rejected records go to {@value #REJECTED_FILE_NAME} in the job's checkpoint directory. */
    public MemoryTradeSource(SparkSession spark) {
        super(spark);
        this.rejectedFile = Optional.empty();
    }

    /** Rejected records are appended to {@code rejectedFile}. */
    public MemoryTradeSource(SparkSession spark, Path rejectedFile) {
        super(spark);
        this.rejectedFile = Optional.of(rejectedFile);
    }

    /** Queues trades for the next micro-batch. */
    public void add(List<Trade> trades) {
        addJson(trades.stream().map(TradeJson::encode).toList());
    }

    @Override
    public Dataset<Row> records(SparkSession spark) {
        return jsonValues(spark);
    }

    @Override
    public JsonLinesRejectedRecords rejectedRecords(JobSettings settings) {
        return new JsonLinesRejectedRecords(rejectedFile.orElse(
                Path.of(settings.checkpointDir()).resolve(REJECTED_FILE_NAME)));
    }

    @Override
    public String describe() {
        return "in-process trades";
    }
}
