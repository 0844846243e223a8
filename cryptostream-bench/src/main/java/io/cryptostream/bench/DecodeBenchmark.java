package io.cryptostream.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.exchange.Venues;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stage 1 as JMH benchmarks, one frame per operation on one thread: a venue's codec decoding its trade frames, and
 * the machine's limit, the same frames merely tokenized by Jackson (the least any JSON codec must do). Run by
 * {@link DecodeChild}, which writes each venue's frames to {@link #framesFile}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBenchmark {

    static final String DECODE = "decode";
    static final String TOKENIZE = "tokenize";
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper FRAMES = new ObjectMapper();

    /** The venue's name in the registry ({@link Venues}). */
    @Param({})
    public String venue;

    /** The directory holding each venue's {@link #framesFile}. */
    @Param({})
    public String framesDir;

    private ExchangeCodec codec;
    private String[] frames;
    private int next;

    /** A JSON list of the venue's frames. */
    static Path framesFile(Path dir, String venue) {
        return dir.resolve(venue.replaceAll("[^A-Za-z0-9]+", "-") + ".json");
    }

    static void writeFrames(Path dir, String venue, List<String> frames) throws IOException {
        FRAMES.writeValue(framesFile(dir, venue).toFile(), frames);
    }

    @Setup
    public void load() throws IOException {
        codec = Venues.named(venue).codec().get();
        frames = FRAMES.readValue(framesFile(Path.of(framesDir), venue).toFile(), String[].class);
    }

    @Benchmark
    public FeedEvent decode() {
        return codec.decode(nextFrame(), DecodeFrames.RECEIVED);
    }

    /** Every token of the frame, its text touched without making strings: the floor for any JSON codec. */
    @Benchmark
    public int tokenize() throws IOException {
        try (JsonParser parser = JSON.createParser(nextFrame())) {
            int length = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token.isScalarValue() || token == JsonToken.FIELD_NAME) {
                    length += parser.getTextLength();
                }
            }
            return length;
        }
    }

    private String nextFrame() {
        String frame = frames[next];
        next = next + 1 == frames.length ? 0 : next + 1;
        return frame;
    }
}
