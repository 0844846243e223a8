package io.cryptostream.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cryptostream.capture.CaptureLine;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.Venues;
import io.cryptostream.feed.FrameWriter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Stage 1: frames → normalized trades, per venue codec, on one thread. Every registered venue's codec
 * ({@link Venues}) is measured on the trade frames it recognizes among the captured fixture frames and the frames
 * every venue's frame writer writes. The machine's limit is the same frames merely tokenized by Jackson,
 * the least any JSON codec must do.
 */
final class DecodeStage {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Instant RECEIVED = Instant.parse("2025-01-01T00:00:00Z");
    private static final int SIMULATED_FRAMES = 5_000;

    private DecodeStage() {
    }

    static BenchReport.Decode run(BenchOptions options, Progress progress) {
        List<Venue> registered = Venues.all();
        List<ExchangeCodec> codecs = registered.stream().map(venue -> venue.codec().get()).toList();
        Map<ExchangeCodec, Set<String>> fixtureFrames = new LinkedHashMap<>();
        Map<ExchangeCodec, Set<String>> simulatedFrames = new LinkedHashMap<>();
        codecs.forEach(codec -> {
            fixtureFrames.put(codec, new LinkedHashSet<>());
            simulatedFrames.put(codec, new LinkedHashSet<>());
        });
        options.fixturesDir().ifPresentOrElse(dir -> collectFixtureFrames(dir, codecs, fixtureFrames, options),
                () -> progress.line("no fixture frames (../shared/fixtures not found): simulator frames only"));
        collectWrittenFrames(registered, codecs, simulatedFrames, options);

        List<BenchReport.VenueDecode> venues = new ArrayList<>();
        for (int v = 0; v < registered.size(); v++) {
            ExchangeCodec codec = codecs.get(v);
            List<String> frames = new ArrayList<>(fixtureFrames.get(codec));
            frames.addAll(simulatedFrames.get(codec));
            String venue = registered.get(v).name();
            String from = fixtureFrames.get(codec).size() + " captured + " + simulatedFrames.get(codec).size() + " simulated";
            if (frames.isEmpty()) {
                progress.line("%s: no trade frames to decode", venue);
                venues.add(new BenchReport.VenueDecode(venue, codec.getClass().getName(), 0, from, 0, 0, 0, 0));
                continue;
            }
            String[] input = frames.toArray(String[]::new);
            double tradesPerFrame = tradesPerFrame(codec, input);
            double decodeFrames = framesPerSecond(input, options.decodeWarmup(), options.decodeMeasure(), codec::decode);
            double scanFrames = framesPerSecond(input, options.decodeWarmup(), options.decodeMeasure(),
                    DecodeStage::tokenize);
            double trades = decodeFrames * tradesPerFrame;
            double limit = scanFrames * tradesPerFrame;
            progress.line("%s: %,.0f trades/s on one thread (%s frames); JSON tokenizing alone %,.0f trades/s", venue,
                    trades, from, limit);
            venues.add(new BenchReport.VenueDecode(venue, codec.getClass().getName(), input.length, from, tradesPerFrame,
                    trades, limit, trades / limit));
        }
        return new BenchReport.Decode(venues, BenchReport.DECODE_TARGET_TRADES_PER_SECOND, null);
    }

    private static void collectFixtureFrames(Path dir, List<ExchangeCodec> codecs, Map<ExchangeCodec, Set<String>> frames,
                                             BenchOptions options) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("LICENSE"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list fixture frames under " + dir + ": " + e, e);
        }
        for (Path file : files) {
            try (BufferedReader lines = reader(file)) {
                String line;
                int read = 0;
                // Enough lines to find a venue's trade frames in its capture without decoding every file whole.
                while ((line = lines.readLine()) != null && read++ < options.decodeMaxFrames() * 4) {
                    if (CaptureLine.parse(line) instanceof CaptureLine.Frame frame) {
                        offer(frame.frame(), codecs, frames, options.decodeMaxFrames());
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("Cannot read fixture frames from " + file + ": " + e, e);
            }
        }
    }

    private static BufferedReader reader(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 64 * 1024);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
    }

    /** Every venue's frame writer writes synthetic trades of the venue's default markets. */
    private static void collectWrittenFrames(List<Venue> venues, List<ExchangeCodec> codecs,
                                             Map<ExchangeCodec, Set<String>> frames, BenchOptions options) {
        for (Venue venue : venues) {
            FrameWriter writer = venue.frames().get();
            SyntheticTrades trades = new SyntheticTrades(venue.markets(venue.defaultMarkets()), RECEIVED,
                    Duration.ofMinutes(1), 1_000);
            for (int i = 0; i < SIMULATED_FRAMES; i++) {
                offer(writer.tradeFrame(writer.asReported(trades.trade(i))), codecs, frames, options.decodeMaxFrames());
            }
        }
    }

    /** Gives the frame to every codec that reads trades from it. */
    private static void offer(String frame, List<ExchangeCodec> codecs, Map<ExchangeCodec, Set<String>> frames, int max) {
        for (ExchangeCodec codec : codecs) {
            Set<String> kept = frames.get(codec);
            if (kept.size() < max && codec.decode(frame, RECEIVED) instanceof FeedEvent.Trades trades
                    && !trades.trades().isEmpty()) {
                kept.add(frame);
            }
        }
    }

    private static double tradesPerFrame(ExchangeCodec codec, String[] frames) {
        long trades = 0;
        for (String frame : frames) {
            if (codec.decode(frame, RECEIVED) instanceof FeedEvent.Trades decoded) {
                trades += decoded.trades().size();
            }
        }
        return trades / (double) frames.length;
    }

    /** Runs {@code work} over the frames, round after round, for the warm-up and then the measured time. */
    private static double framesPerSecond(String[] frames, Duration warmup, Duration measure, FrameWork work) {
        loop(frames, warmup, work);
        return loop(frames, measure, work);
    }

    private static double loop(String[] frames, Duration duration, FrameWork work) {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long done = 0;
        int checksum = 0;
        long now;
        do {
            for (int i = 0; i < 256; i++) {
                Object result = work.apply(frames[(int) (done % frames.length)], RECEIVED);
                checksum += result == null ? 0 : 1;
                done++;
            }
            now = System.nanoTime();
        } while (now < end);
        if (checksum == 42) {
            // Keeps the results observable so the JIT cannot drop the work.
            System.err.print("");
        }
        return done / ((now - start) / 1e9);
    }

    @FunctionalInterface
    private interface FrameWork {
        Object apply(String frame, Instant receivedAt);
    }

    /** Every token of the frame, its text touched without making strings: the floor for any JSON codec. */
    private static Object tokenize(String frame, Instant receivedAt) {
        try (JsonParser parser = JSON.createParser(frame)) {
            int length = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token.isScalarValue() || token == JsonToken.FIELD_NAME) {
                    length += parser.getTextLength();
                }
            }
            return length;
        } catch (IOException e) {
            return null;
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
