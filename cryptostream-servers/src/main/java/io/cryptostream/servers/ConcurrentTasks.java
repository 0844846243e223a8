package io.cryptostream.servers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs tasks at once, each on a thread of its own: the common pool has a single thread on a 2-core machine, and
 * starting Kafka and Cassandra one after the other would double the wait.
 */
final class ConcurrentTasks {

    private ConcurrentTasks() {
    }

    /**
     * Returns the results in task order. If tasks fail, all are still awaited and the failures combined.
     *
     * @param purpose what the tasks do together, such as "start", for thread names and error messages
     */
    static <T> List<T> run(String purpose, List<Callable<T>> tasks) {
        List<FutureTask<T>> futures = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            FutureTask<T> future = new FutureTask<>(tasks.get(i));
            Thread thread = new Thread(future, "local-servers-" + purpose + "-" + i);
            thread.setDaemon(true);
            thread.start();
            futures.add(future);
        }
        List<T> results = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (FutureTask<T> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                failures.add(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted during " + purpose + " of the local servers", e);
            }
        }
        if (failures.isEmpty()) {
            return results;
        }
        if (failures.size() == 1 && failures.get(0) instanceof RuntimeException single) {
            throw single;
        }
        String messages = String.join("\n\n", failures.stream().map(Throwable::getMessage).toList());
        RuntimeException combined = failures.stream().allMatch(ServerStartException.class::isInstance)
                ? new ServerStartException(messages)
                : new IllegalStateException(purpose + " of the local servers failed: " + messages);
        failures.forEach(combined::addSuppressed);
        throw combined;
    }
}
