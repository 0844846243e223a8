package io.cryptostream.cli;

import io.cryptostream.ingest.InProcessOrderSink;
import io.cryptostream.ingest.InProcessTradeSink;
import io.cryptostream.ingest.IngestRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/** Records a live session's raw frames for later replay. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Record every raw frame of a venue's feed with its receive time, as '<receive unix ns> <frame>' lines",
                "(gzip when FILE ends in .gz). Replay the file later with: ./cryptostream replay FILE --exchange NAME"})
final class RecordCommand implements Runnable {

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--source", required = true, paramLabel = "NAME", description = "cryptocompare, bitstamp, coinbase, coinbase-advanced, binance, binance-futures or kraken.")
    String source;

    @Option(names = "--markets", split = ",", paramLabel = "MARKET", description = "Markets in the venue's notation or as BASE-QUOTE (default: the venue's defaults).")
    List<String> markets;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the frames (.gz compresses).")
    Path out;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "60s", description = "How long to record (default: ${DEFAULT-VALUE}); Ctrl-C stops early.")
    String duration;

    @Option(names = "--simulate", description = "Record the built-in simulator speaking the venue's protocol instead of the real endpoint.")
    boolean simulate;

    @Option(names = "--url", paramLabel = "URL", description = "Another endpoint speaking the venue's protocol.")
    String url;

    @Override
    public void run() {
        Map<String, Object> flags = new HashMap<>();
        flags.put("source", source);
        flags.put("markets", markets);
        flags.put("simulate", simulate);
        flags.put("record.duration", duration);
        flags.put(source + ".url", url);
        CryptostreamConfig config = configOptions.load(flags);
        Duration runFor = config.duration("record.duration");
        AtomicLong trades = new AtomicLong();
        AtomicLong orders = new AtomicLong();
        try (TradeFeed feed = TradeFeed.open(config, Optional.of(runFor));
             FrameRecorder recorder = new FrameRecorder(out)) {
            System.out.println("Recording " + feed.ingestSettings().markets().size() + " markets from " + feed.description()
                    + " into " + out.toAbsolutePath() + " for " + runFor.toSeconds() + " s");
            IngestRun run = feed.ingest(new InProcessTradeSink(batch -> trades.addAndGet(batch.size())),
                    feed.venue().carriesOrders() ? Optional.of(new InProcessOrderSink(batch -> orders.addAndGet(batch.size())))
                            : Optional.empty(), recorder::recording);
            Thread stopOnInterrupt = new Thread(() -> run.stop().toCompletableFuture().join(), "stop-recording");
            Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
            try {
                run.completion().toCompletableFuture().join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running.
                }
            }
            System.out.print(run.metrics().toTable());
            System.out.println("Recorded " + recorder.frames() + " frames (" + trades.get() + " trades, "
                    + orders.get() + " order events) to " + out.toAbsolutePath());
        }
    }
}
