package io.cryptostream.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ConcurrentTasksTest {

    @Test
    void tasksRunAtOnceAndTheirResultsComeInTaskOrder() {
        CountDownLatch bothRunning = new CountDownLatch(2);
        Callable<String> slow = () -> {
            bothRunning.countDown();
            assertThat(bothRunning.await(10, TimeUnit.SECONDS)).as("the other task runs meanwhile").isTrue();
            Thread.sleep(100);
            return "slow";
        };
        Callable<String> fast = () -> {
            bothRunning.countDown();
            return "fast";
        };

        assertThat(ConcurrentTasks.run("start", List.of(slow, fast))).containsExactly("slow", "fast");
    }

    @Test
    void oneFailureIsRethrownAsItIsAfterTheOtherTasksEnd() {
        ServerStartException kafkaFailed = new ServerStartException("Kafka exited");
        CountDownLatch cassandraDone = new CountDownLatch(1);

        assertThatThrownBy(() -> ConcurrentTasks.run("start", List.<Callable<String>>of(
                () -> {
                    throw kafkaFailed;
                },
                () -> {
                    Thread.sleep(200);
                    cassandraDone.countDown();
                    return "cassandra";
                })))
                .isSameAs(kafkaFailed);
        assertThat(cassandraDone.getCount()).isZero();
    }

    @Test
    void failedStartsAreCombinedIntoOneMessage() {
        assertThatThrownBy(() -> ConcurrentTasks.run("start", List.<Callable<String>>of(
                () -> {
                    throw new ServerStartException("Kafka exited");
                },
                () -> {
                    throw new ServerStartException("Cassandra timed out");
                })))
                .isInstanceOf(ServerStartException.class)
                .hasMessage("Kafka exited\n\nCassandra timed out")
                .satisfies(combined -> assertThat(combined.getSuppressed()).hasSize(2));
    }

    @Test
    void otherFailuresSayWhatFailed() {
        assertThatThrownBy(() -> ConcurrentTasks.run("stop", List.<Callable<String>>of(
                () -> {
                    throw new IllegalStateException("Kafka survived SIGKILL");
                },
                () -> {
                    throw new ServerStartException("Cassandra timed out");
                })))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("stop of the local servers failed: Kafka survived SIGKILL\n\nCassandra timed out");
    }
}
