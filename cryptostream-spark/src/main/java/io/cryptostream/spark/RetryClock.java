package io.cryptostream.spark;

import java.time.Duration;
import java.time.Instant;

/** The time and the waiting of a retry loop, replaceable so a test of the loop runs without waiting. */
interface RetryClock {

    RetryClock SYSTEM = new RetryClock() {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis());
        }
    };

    Instant now();

    void sleep(Duration duration) throws InterruptedException;
}
