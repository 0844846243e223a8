package io.cryptostream.cli;

import io.cryptostream.exchange.Venue;
import io.cryptostream.capture.CaptureLine;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a capture file holds for one venue, read once before it is replayed: which lines are that venue's trade
 * (or order) frames, the distinct trades per market, their event-time range, and what was skipped and why.
 */
final class CaptureScan {

    /** One frame worth serving, with the market subscribers must hold to receive it. */
    record ServedFrame(Market market, String frame, Optional<Instant> receivedAt) {
    }

    private final Path file;
    private final Venue venue;
    private boolean scanned;
    private long lines;
    private long tradeFrames;
    private long orderFrames;
    private long excludedFrames;
    private long tradesInFrames;
    private Instant firstEvent;
    private Instant lastEvent;
    private Duration disorder = Duration.ZERO;
    private final Map<Market, Set<String>> tradeIds = new HashMap<>();
    private final Set<Market> orderMarkets = new HashSet<>();
    private final Set<Market> excludedMarkets = new HashSet<>();
    private final Map<String, Long> skipped = new TreeMap<>();

    private CaptureScan(Path file, Venue venue) {
        this.file = file;
        this.venue = venue;
    }

    static CaptureScan of(Path file, Venue venue) {
        CaptureScan scan = new CaptureScan(file, venue);
        scan.forEachServedFrame(frame -> { });
        return scan;
    }

    /**
     * Reads the file and hands every frame worth serving to {@code consumer}, in file order; counts everything
     * else. Reading twice (scan, then serve) keeps memory independent of the file's size.
     */
    void forEachServedFrame(FrameConsumer consumer) {
        ExchangeCodec codec = venue.codec().get();
        boolean counting = !scanned;
        try (BufferedReader reader = CaptureFiles.read(file)) {
            String line;
            while ((line = reader.readLine()) != null) {
                Optional<ServedFrame> served = classify(line, codec, counting);
                if (served.isPresent()) {
                    consumer.accept(served.get());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Replay of " + file + " interrupted", e);
        }
        scanned = true;
    }

    private Optional<ServedFrame> classify(String line, ExchangeCodec codec, boolean counting) {
        if (counting) {
            lines++;
        }
        CaptureLine parsed = CaptureLine.parse(line);
        if (parsed instanceof CaptureLine.NotAFrame notAFrame) {
            if (counting && !notAFrame.kind().equals("blank")) {
                skip(notAFrame.kind());
            }
            return Optional.empty();
        }
        CaptureLine.Frame frame = (CaptureLine.Frame) parsed;
        FeedEvent event = codec.decode(frame.frame(), frame.receivedAt().orElse(Instant.EPOCH));
        if (event instanceof FeedEvent.Trades trades && !trades.trades().isEmpty()) {
            if (counting) {
                tradeFrames++;
                trades.trades().forEach(this::countTrade);
            }
            return Optional.of(new ServedFrame(trades.trades().get(0).market(), frame.frame(), frame.receivedAt()));
        }
        if (event instanceof FeedEvent.ExcludedTrade excluded) {
            // Served too: ingest counts it and its id keeps the market's sequence whole.
            if (counting) {
                excludedFrames++;
                excludedMarkets.add(excluded.market());
            }
            return Optional.of(new ServedFrame(excluded.market(), frame.frame(), frame.receivedAt()));
        }
        if (event instanceof FeedEvent.Orders orders && !orders.orders().isEmpty()) {
            if (counting) {
                orderFrames++;
                orders.orders().forEach(order -> orderMarkets.add(order.market()));
            }
            return Optional.of(new ServedFrame(orders.orders().get(0).market(), frame.frame(), frame.receivedAt()));
        }
        if (counting) {
            skip(event instanceof FeedEvent.Unhandled unhandled ? "not a trade (" + unhandled.type() + ")"
                    : event instanceof FeedEvent.Malformed ? "malformed"
                    : "control (" + event.getClass().getSimpleName() + ")");
        }
        return Optional.empty();
    }

    private void countTrade(Trade trade) {
        tradesInFrames++;
        tradeIds.computeIfAbsent(trade.market(), m -> new HashSet<>()).add(trade.tradeId());
        firstEvent = firstEvent == null || trade.eventTime().isBefore(firstEvent) ? trade.eventTime() : firstEvent;
        if (lastEvent != null && trade.eventTime().isBefore(lastEvent)) {
            Duration behind = Duration.between(trade.eventTime(), lastEvent);
            disorder = behind.compareTo(disorder) > 0 ? behind : disorder;
        }
        lastEvent = lastEvent == null || trade.eventTime().isAfter(lastEvent) ? trade.eventTime() : lastEvent;
    }

    private void skip(String kind) {
        skipped.merge(kind, 1L, Long::sum);
    }

    Path file() {
        return file;
    }

    Venue venue() {
        return venue;
    }

    long lines() {
        return lines;
    }

    long servedFrames() {
        return tradeFrames + orderFrames + excludedFrames;
    }

    long tradeFrames() {
        return tradeFrames;
    }

    long orderFrames() {
        return orderFrames;
    }

    /** Trades in the frames, counting a trade sent twice twice. */
    long tradesInFrames() {
        return tradesInFrames;
    }

    /** Distinct trades (by market and trade id) per market: what must reach Cassandra. */
    Map<Market, Long> distinctTrades() {
        Map<Market, Long> counts = new TreeMap<>(java.util.Comparator.comparing(Market::key));
        tradeIds.forEach((market, ids) -> counts.put(market, (long) ids.size()));
        return counts;
    }

    long distinctTradeCount() {
        return tradeIds.values().stream().mapToLong(Set::size).sum();
    }

    /** Every market with trades, orders or prints left out of candles in the file: what ingest subscribes to. */
    Set<Market> markets() {
        Set<Market> markets = new HashSet<>(tradeIds.keySet());
        markets.addAll(orderMarkets);
        markets.addAll(excludedMarkets);
        return markets;
    }

    Optional<Instant> firstEvent() {
        return Optional.ofNullable(firstEvent);
    }

    Optional<Instant> lastEvent() {
        return Optional.ofNullable(lastEvent);
    }

    /** How far, at most, a trade's event time lies behind the newest one before it in the file. */
    Duration disorder() {
        return disorder;
    }

    Map<String, Long> skipped() {
        return skipped;
    }

    long skippedLines() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Receives served frames; may block (pacing, backpressure). */
    @FunctionalInterface
    interface FrameConsumer {
        void accept(ServedFrame frame) throws InterruptedException;
    }
}
