package io.cryptostream.bench;

import io.cryptostream.capture.CaptureLine;
import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.Venues;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
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
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The trade frames each codec is measured on: the distinct ones it reads trades from among the captured fixture
 * frames and the frames every registered venue's frame writer writes (the frames its simulator sends).
 */
final class DecodeFrames {

    static final Instant RECEIVED = Instant.parse("2025-01-01T00:00:00Z");
    private static final int WRITTEN_FRAMES = 5_000;

    private final List<ExchangeCodec> codecs;
    private final int maxFrames;
    private final Map<ExchangeCodec, Set<String>> captured = new LinkedHashMap<>();
    private final Map<ExchangeCodec, Set<String>> simulated = new LinkedHashMap<>();

    private DecodeFrames(List<ExchangeCodec> codecs, int maxFrames) {
        this.codecs = codecs;
        this.maxFrames = maxFrames;
        codecs.forEach(codec -> {
            captured.put(codec, new LinkedHashSet<>());
            simulated.put(codec, new LinkedHashSet<>());
        });
    }

    /**
     * Collects up to {@code maxFrames} captured and up to {@code maxFrames} simulated frames per codec.
     *
     * @param fixturesDir captured WebSocket frames; null: written frames only
     */
    static DecodeFrames collect(List<ExchangeCodec> codecs, Path fixturesDir, int maxFrames) {
        DecodeFrames frames = new DecodeFrames(codecs, maxFrames);
        if (fixturesDir != null) {
            frames.collectCaptured(fixturesDir);
        }
        frames.collectWritten();
        return frames;
    }

    /** The codec's frames, captured first. */
    List<String> of(ExchangeCodec codec) {
        List<String> all = new ArrayList<>(captured.get(codec));
        all.addAll(simulated.get(codec));
        return all;
    }

    /** Where the codec's frames come from, e.g. "120 captured + 500 simulated". */
    String origin(ExchangeCodec codec) {
        return captured.get(codec).size() + " captured + " + simulated.get(codec).size() + " simulated";
    }

    private void collectCaptured(Path dir) {
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
                while ((line = lines.readLine()) != null && read++ < maxFrames * 4) {
                    if (CaptureLine.parse(line) instanceof CaptureLine.Frame frame) {
                        offer(frame.frame(), captured);
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

    /** Every registered venue's frame writer writes synthetic trades of the venue's default markets. */
    private void collectWritten() {
        for (Venue venue : Venues.all()) {
            FrameWriter writer = venue.frames().get();
            SyntheticTrades trades = new SyntheticTrades(venue.markets(venue.defaultMarkets()), RECEIVED,
                    Duration.ofMinutes(1), 1_000);
            for (int i = 0; i < WRITTEN_FRAMES; i++) {
                offer(writer.tradeFrame(writer.asReported(trades.trade(i))), simulated);
            }
        }
    }

    /** Gives the frame to every codec that reads trades from it. */
    private void offer(String frame, Map<ExchangeCodec, Set<String>> frames) {
        for (ExchangeCodec codec : codecs) {
            Set<String> kept = frames.get(codec);
            if (kept.size() < maxFrames && codec.decode(frame, RECEIVED) instanceof FeedEvent.Trades trades
                    && !trades.trades().isEmpty()) {
                kept.add(frame);
            }
        }
    }
}
