package io.cryptostream.sparkjob;

import io.cryptostream.capture.CaptureLine;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.Venues;
import io.cryptostream.feed.FeedEvent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** A capture's trades as the venue's codec decodes them, the way ingest does. */
final class CaptureTrades {

    private CaptureTrades() {
    }

    /** {@code capture} may be gzipped (a name ending in {@code .gz}), as hftbacktest's are. */
    static List<Trade> of(Path capture, String venue) throws IOException {
        var codec = Venues.named(venue).codec().get();
        List<Trade> trades = new ArrayList<>();
        InputStream bytes = Files.newInputStream(capture);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                capture.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(bytes) : bytes,
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (CaptureLine.parse(line) instanceof CaptureLine.Frame frame
                        && codec.decode(frame.frame(), frame.receivedAt().orElse(Instant.EPOCH)) instanceof FeedEvent.Trades event) {
                    trades.addAll(event.trades());
                }
            }
        }
        return trades;
    }
}
