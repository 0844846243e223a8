package io.cryptostream.bench;

import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every micro-batch's progress of every query of the session, stamped with when the driver reported it. */
final class BatchRecorder extends StreamingQueryListener {

    /** One finished micro-batch. */
    record Batch(long reportedNanos, long inputRows, Map<String, Long> durationMs) {
    }

    private final Map<String, List<Batch>> batches = new HashMap<>();

    @Override
    public synchronized void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress progress = event.progress();
        Map<String, Long> durations = new TreeMap<>();
        progress.durationMs().forEach((phase, millis) -> durations.put(phase, millis));
        batches.computeIfAbsent(progress.name(), name -> new ArrayList<>())
                .add(new Batch(System.nanoTime(), progress.numInputRows(), durations));
    }

    synchronized List<Batch> batches(String queryName) {
        return List.copyOf(batches.getOrDefault(queryName, List.of()));
    }

    synchronized long inputRows(String queryName) {
        return batches.getOrDefault(queryName, List.of()).stream().mapToLong(Batch::inputRows).sum();
    }

    /** Mean milliseconds per phase (addBatch, walCommit, ...) over the batches that had input. */
    static Map<String, Double> meanPhaseMillis(List<Batch> batches) {
        List<Batch> withInput = batches.stream().filter(b -> b.inputRows() > 0).toList();
        Map<String, Double> means = new TreeMap<>();
        for (Batch batch : withInput) {
            batch.durationMs().forEach((phase, millis) -> means.merge(phase, millis / (double) withInput.size(), Double::sum));
        }
        return means;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
    }
}
