package io.cryptostream.cli;

import io.cryptostream.ingest.InProcessOrderSink;
import io.cryptostream.ingest.InProcessTradeSink;
import io.cryptostream.ingest.IngestRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/** Records a live session's raw frames for later replay. */
@Command(name = "record", mixinStandardHelpOptions = true,
        header = "Record every raw frame of a venue's feed to a file.",
        description = {"Each frame is written with its receive time, as '<receive unix ns> <frame>' lines (gzip when FILE "
                + "ends in .gz). Replay the file later with: ./cryptostream replay FILE --venue NAME"})
final class RecordCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = {"--venue", "--source"}, required = true, paramLabel = "NAME", completionCandidates = VenueNames.class,
            description = "Whose feed to record: ${COMPLETION-CANDIDATES}.")
    String venue;

    @Option(names = "--markets", split = ",", paramLabel = "MARKET", description = "Markets in the venue's notation or as BASE-QUOTE (default: the venue's defaults).")
    List<String> markets;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the frames (.gz compresses).")
    Path out;

    @Option(names = "--duration", paramLabel = "DURATION", description = "How long to record "
            + "(default: ${bundle:default.record.duration}); Ctrl-C stops early.")
    String duration;

    @Option(names = "--simulate", description = "Record the built-in simulator speaking the venue's protocol instead of the real endpoint.")
    Boolean simulate;

    @Option(names = "--url", paramLabel = "URL", description = "Another endpoint speaking the venue's protocol.")
    String url;

    @Override
    public void run() {
        String venueName;
        try {
            venueName = TradeFeed.venueNamed(venue).name();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--venue: " + e.getMessage(), e);
        }
        CryptostreamConfig config = settings(venueName);
        TradeFeed.check(config);
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

    /**
     * The flags over the settings file, gap fill off: a recording holds the frames the socket delivered, and a
     * trade recovered from the REST history would reach only the trade count, never the file.
     */
    CryptostreamConfig settings(String venueName) {
        return configOptions.load(new FlagSettings()
                .put("venue", "--venue", venue)
                .put("markets", "--markets", markets)
                .put("simulate", "--simulate", simulate)
                .put("record.duration", "--duration", duration)
                .put(venueName + ".url", "--url", url)
                .fixed("ingest.gap-fill", false));
    }
}
