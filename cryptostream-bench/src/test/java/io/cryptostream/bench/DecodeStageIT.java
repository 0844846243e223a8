package io.cryptostream.bench;

import io.cryptostream.exchange.Venues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Stage 1 alone, at the smallest sizes: a child JVM running the JMH decode benchmarks, about half a minute. */
class DecodeStageIT {

    @Test
    void everyRegisteredVenuesCodecIsMeasuredNextToTheTokenizingLimitOnTheSameFrames(@TempDir Path work) {
        BenchOptions options = BenchOptions.tiny(work.resolve("out"));

        BenchReport.Decode decode = DecodeStage.run(options, work, new Progress(System.out, 1));

        assertThat(decode.error()).isNull();
        assertThat(decode.venues()).extracting(BenchReport.VenueDecode::venue)
                .containsExactlyElementsOf(Venues.names());
        assertThat(decode.venues()).allSatisfy(venue -> {
            assertThat(venue.frames()).isPositive().isLessThanOrEqualTo(2 * options.decodeMaxFrames());
            assertThat(venue.tradesPerFrame()).isGreaterThanOrEqualTo(1);
            assertThat(venue.tradesPerSecond()).isPositive();
            assertThat(venue.limitTradesPerSecond()).isPositive();
            assertThat(venue.ratioToLimit()).isEqualTo(venue.tradesPerSecond() / venue.limitTradesPerSecond());
        });
    }
}
