package io.cryptostream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stage 1: frames → normalized trades, per venue codec, on one thread. Every registered venue's codec ({@link io.cryptostream.exchange.Venues}) is
 * measured with JMH ({@link DecodeBenchmark}) on the trade frames it recognizes among the captured fixture frames
 * and the frames every venue's frame writer writes, next to the machine's limit: the same frames merely tokenized by
 * Jackson, in the same run.
 */
final class DecodeStage {

    /** Each benchmark fork's JVM start and JMH's own set-up, besides the warm-up and measured time. */
    private static final Duration PER_FORK = Duration.ofSeconds(20);
    private static final int MOST_FORKS = 40;

    private DecodeStage() {
    }

    static BenchReport.Decode run(BenchOptions options, Path workDir, Progress progress) {
        Path framesDir = workDir.resolve("decode-frames");
        try {
            Files.createDirectories(framesDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + framesDir + " for the decode frames", e);
        }
        DecodeChild.Request request = new DecodeChild.Request(options.fixturesDir().map(Path::toString).orElse(null),
                options.decodeMaxFrames(), options.decodeWarmup().toMillis(), options.decodeMeasure().toMillis(),
                framesDir.toString());
        Duration timeout = options.decodeWarmup().plus(options.decodeMeasure()).plus(PER_FORK).multipliedBy(MOST_FORKS);
        try (ChildJvm child = ChildJvm.start("decode", "decode", request, workDir, options.childHeap(), progress)) {
            return child.awaitResult(BenchReport.Decode.class, timeout);
        }
    }

    static Optional<Path> defaultFixturesDir() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty("cryptostream.fixtures")).ifPresent(p -> candidates.add(Path.of(p, "ws")));
        Optional.ofNullable(System.getProperty("cryptostream.home"))
                .ifPresent(home -> candidates.add(Path.of(home, "..", "shared", "fixtures", "ws")));
        candidates.add(Path.of("..", "shared", "fixtures", "ws"));
        candidates.add(Path.of("..", "..", "shared", "fixtures", "ws"));
        return candidates.stream().filter(Files::isDirectory).map(p -> p.toAbsolutePath().normalize()).findFirst();
    }
}
