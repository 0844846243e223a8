package io.cryptostream.spark;

import org.apache.spark.util.ShutdownHookManager;
import scala.Function0;
import scala.runtime.BoxedUnit;

/**
 * Stops a streaming query when the JVM shuts down (SIGTERM, Ctrl-C). A plain JVM shutdown hook runs at the same
 * time as Spark's, which stop the executor (default priority) and then the SparkContext under the running query
 * ("Cannot call methods on a stopped SparkContext", or a batch whose tasks are refused); Spark runs its own hooks
 * one after another by priority, so one above all of them stops the query first, at a clean point, and its
 * checkpoint resumes it.
 */
final class StopBeforeSparkContext implements AutoCloseable {

    private static final int PRIORITY = Math.max(ShutdownHookManager.DEFAULT_SHUTDOWN_PRIORITY(),
            ShutdownHookManager.SPARK_CONTEXT_SHUTDOWN_PRIORITY()) + 1;

    private final Object hook;

    StopBeforeSparkContext(Runnable stopQuery) {
        Function0<BoxedUnit> action = () -> {
            stopQuery.run();
            return BoxedUnit.UNIT;
        };
        this.hook = ShutdownHookManager.addShutdownHook(PRIORITY, action);
    }

    @Override
    public void close() {
        ShutdownHookManager.removeShutdownHook(hook);
    }
}
