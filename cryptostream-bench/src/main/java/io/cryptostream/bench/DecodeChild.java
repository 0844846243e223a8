package io.cryptostream.bench;

import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.Venues;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 1 in a child JVM: collects each codec's trade frames and runs {@link DecodeBenchmark} on them with JMH, one
 * forked JVM per benchmark and venue (the forks inherit this JVM's environment, without the user's secrets).
 */
final class DecodeChild {

    /** The warm-up and the measured time are each split into this many JMH iterations. */
    private static final int ITERATIONS = 3;

    /**
     * @param fixturesDir captured WebSocket frames; null: simulator frames only
     * @param framesDir   where each venue's frames are written for the benchmark forks
     */
    record Request(String fixturesDir, int maxFrames, long warmupMillis, long measureMillis, String framesDir) {
    }

    private DecodeChild() {
    }

    static BenchReport.Decode run(Request request) throws IOException, RunnerException {
        List<Venue> registered = Venues.all();
        if (request.fixturesDir() == null) {
            BenchChild.progress("no fixture frames (the cryptostream.fixtures directory was not found): written frames only");
        }
        List<ExchangeCodec> codecs = registered.stream().map(venue -> venue.codec().get()).toList();
        DecodeFrames frames = DecodeFrames.collect(codecs,
                request.fixturesDir() == null ? null : Path.of(request.fixturesDir()), request.maxFrames());
        List<BenchReport.VenueDecode> venues = new ArrayList<>();
        for (int v = 0; v < registered.size(); v++) {
            ExchangeCodec codec = codecs.get(v);
            String venue = registered.get(v).name();
            List<String> input = frames.of(codec);
            String from = frames.origin(codec);
            if (input.isEmpty()) {
                BenchChild.progress(venue + ": no trade frames to decode");
                venues.add(new BenchReport.VenueDecode(venue, codec.getClass().getName(), 0, from, 0, 0, 0, 0));
                continue;
            }
            DecodeBenchmark.writeFrames(Path.of(request.framesDir()), venue, input);
            Map<String, Double> framesPerSecond = measure(venue, request);
            double tradesPerFrame = tradesPerFrame(codec, input);
            double trades = framesPerSecond.get(DecodeBenchmark.DECODE) * tradesPerFrame;
            double limit = framesPerSecond.get(DecodeBenchmark.TOKENIZE) * tradesPerFrame;
            BenchChild.progress(String.format(java.util.Locale.ROOT,
                    "%s: %,.0f trades/s on one thread (%s frames); JSON tokenizing alone %,.0f trades/s", venue, trades,
                    from, limit));
            venues.add(new BenchReport.VenueDecode(venue, codec.getClass().getName(), input.size(), from,
                    tradesPerFrame, trades, limit, trades / limit));
        }
        return new BenchReport.Decode(venues, BenchReport.DECODE_TARGET_TRADES_PER_SECOND,
                BenchReport.DECODE_TARGET_RATIO, null);
    }

    /** Frames per second of each of {@link DecodeBenchmark}'s benchmarks on the venue's frames. */
    private static Map<String, Double> measure(String venue, Request request) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(DecodeBenchmark.class.getName())
                .param("venue", venue)
                .param("framesDir", request.framesDir())
                .forks(1)
                .warmupIterations(ITERATIONS)
                .warmupTime(TimeValue.milliseconds(Math.max(1, request.warmupMillis() / ITERATIONS)))
                .measurementIterations(ITERATIONS)
                .measurementTime(TimeValue.milliseconds(Math.max(1, request.measureMillis() / ITERATIONS)))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Map<String, Double> framesPerSecond = new HashMap<>();
        for (RunResult result : new Runner(options).run()) {
            String benchmark = result.getParams().getBenchmark();
            framesPerSecond.put(benchmark.substring(benchmark.lastIndexOf('.') + 1),
                    result.getPrimaryResult().getScore());
        }
        return framesPerSecond;
    }

    private static double tradesPerFrame(ExchangeCodec codec, List<String> frames) {
        long trades = 0;
        for (String frame : frames) {
            if (codec.decode(frame, DecodeFrames.RECEIVED) instanceof FeedEvent.Trades decoded) {
                trades += decoded.trades().size();
            }
        }
        return trades / (double) frames.size();
    }
}
