package io.cryptostream.spark;

import io.cryptostream.store.CassandraUnavailableException;
import io.cryptostream.store.IncompatibleSchemaException;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running aggregation query with the listener that totals its progress: how the jobs start, wait for and stop
 * their query, and turn its failures into plain messages where one is known.
 *
 * @param <M> the query's progress totals
 */
public abstract class StreamingJob<M extends StreamingQueryListener> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingJob.class);
    /** How long shutdown waits, once the query stopped, for the command to print its summary and stop the job. */
    private static final Duration SUMMARY_GRACE = Duration.ofSeconds(10);
    /** How long shutdown waits for the stopped queries' killed tasks to report back. */
    private static final Duration TASKS_END_GRACE = Duration.ofSeconds(10);

    private final SparkSession spark;
    private final JobSettings settings;
    private final StreamingQuery query;
    private final M metrics;
    private final StopBeforeSparkContext stopOnShutdown;
    private final CountDownLatch stopped = new CountDownLatch(1);

    StreamingJob(SparkSession spark, JobSettings settings, StreamingQuery query, M metrics) {
        this.spark = spark;
        this.settings = settings;
        this.query = query;
        this.metrics = metrics;
        this.stopOnShutdown = new StopBeforeSparkContext(this::stopOnShutdown);
    }

    /**
     * Starts writing {@code aggregates} in update mode, one {@code batchWriter} call per micro-batch, with the
     * settings' trigger and checkpoint, and records the checkpoint's state layout; returns at once.
     */
    static StreamingQuery startQuery(SparkSession spark, JobSettings settings, String stateLayout,
                                     Dataset<Row> aggregates, VoidFunction2<Dataset<Row>, Long> batchWriter,
                                     StreamingQueryListener metrics) {
        spark.streams().addListener(metrics);
        try {
            StreamingQuery query = aggregates.writeStream()
                    .queryName(settings.queryName())
                    .outputMode(OutputMode.Update())
                    .trigger(Trigger.ProcessingTime(settings.triggerInterval().toMillis()))
                    .option("checkpointLocation", settings.checkpointDir())
                    .foreachBatch(batchWriter)
                    .start();
            JobCheckpoint.record(spark.sparkContext().hadoopConfiguration(), settings, stateLayout);
            return query;
        } catch (TimeoutException | RuntimeException e) {
            spark.streams().removeListener(metrics);
            throw JobCheckpoint.explain(e, settings);
        }
    }

    public StreamingQuery query() {
        return query;
    }

    public M metrics() {
        return metrics;
    }

    /** Blocks until everything the source has now is processed and written (tests, memory mode). */
    public void processAllAvailable() {
        try {
            query.processAllAvailable();
        } catch (Exception e) {
            throw failure(e);
        }
    }

    /** Blocks until the query stops; a failure is rethrown with a plain message where one is known. */
    public void awaitTermination() {
        try {
            query.awaitTermination();
        } catch (Exception e) {
            throw failure(e);
        } finally {
            spark.streams().removeListener(metrics);
        }
    }

    /**
     * Blocks until the query stops or {@code timeout} passes; a failure is rethrown with a plain message where one
     * is known.
     *
     * @return true when the query stopped
     */
    public boolean awaitTermination(Duration timeout) {
        try {
            return query.awaitTermination(timeout.toMillis());
        } catch (Exception e) {
            throw failure(e);
        }
    }

    public void stop() {
        stopOnShutdown.close();
        try {
            query.stop();
        } catch (TimeoutException e) {
            throw new IllegalStateException("streaming query " + settings.queryName() + " did not stop in time", e);
        } finally {
            spark.streams().removeListener(metrics);
            stopped.countDown();
        }
    }

    /** The queries that follow this one: stopped before it on shutdown, so none starts work while Spark stops. */
    List<StreamingQuery> followingQueries() {
        return List.of();
    }

    private void stopOnShutdown() {
        if (!query.isActive()) {
            return;
        }
        try {
            List<StreamingQuery> stopping = new ArrayList<>(followingQueries());
            stopping.add(query);
            awaitIdle(stopping);
            for (StreamingQuery each : stopping) {
                each.stop();
            }
            awaitTasksEnded(stopping);
            LOG.info("Shutting down: stopped the Spark query {}; its checkpoint {} resumes it", settings.queryName(),
                    settings.checkpointDir());
            // Spark stops its context only after this hook returns: the command that waited on the query can still
            // read its totals, print its summary and stop the job.
            stopped.await(SUMMARY_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | RuntimeException e) {
            LOG.warn("Shutting down: the Spark query {} did not stop cleanly ({}); its checkpoint {} resumes it from"
                    + " its last complete batch", settings.queryName(), e.getMessage(), settings.checkpointDir());
        }
    }

    /**
     * Waits, within {@link #TASKS_END_GRACE}, for the batches in flight to end: stopping a query in a batch interrupts
     * its tasks, and Spark's Kafka reader logs the interruption as an error.
     */
    private static void awaitIdle(List<StreamingQuery> queries) throws InterruptedException {
        long deadline = System.nanoTime() + TASKS_END_GRACE.toNanos();
        while (queries.stream().anyMatch(each -> each.status().isTriggerActive()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /**
     * Waits, within {@link #TASKS_END_GRACE}, for the tasks of the stopped queries' last batches to end: a task killed
     * by the stop reports back after it, and one reporting once Spark has stopped its context is logged as an error.
     */
    private void awaitTasksEnded(List<StreamingQuery> stopped) throws InterruptedException {
        SparkStatusTracker tracker = spark.sparkContext().statusTracker();
        long deadline = System.nanoTime() + TASKS_END_GRACE.toNanos();
        while (activeTasks(tracker, stopped) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Spark runs a query's batches in a job group named after its run id. */
    private static int activeTasks(SparkStatusTracker tracker, List<StreamingQuery> queries) {
        int active = 0;
        for (StreamingQuery each : queries) {
            for (int jobId : tracker.getJobIdsForGroup(each.runId().toString())) {
                Option<SparkJobInfo> job = tracker.getJobInfo(jobId);
                if (job.isEmpty()) {
                    continue;
                }
                for (int stageId : job.get().stageIds()) {
                    Option<SparkStageInfo> stage = tracker.getStageInfo(stageId);
                    active += stage.isEmpty() ? 0 : stage.get().numActiveTasks();
                }
            }
        }
        return active;
    }

    private RuntimeException failure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CassandraUnavailableException || t instanceof IncompatibleSchemaException) {
                return (RuntimeException) t;
            }
        }
        return JobCheckpoint.explain(e, settings);
    }
}
