package io.cryptostream.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptostream.capture.CaptureLine;
import io.cryptostream.fixtures.Fixtures;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Received frames of the real captures (the fixtures, docs/testing.md), read in place. No capture holds
 * CryptoCompare trades (TYPE 0), Coinbase Advanced Trade or Kraken v2 frames, so those are the captured CryptoCompare
 * tickers' last trades, Coinbase Exchange matches and Kraken v1 trades written in those shapes, with their captured
 * values.
 */
final class CaptureFrames {

    private CaptureFrames() {
    }

    /** The first {@code limit} received frames of each fixture, in file order. */
    static List<String> of(int limit, String... fixtures) {
        List<String> frames = new ArrayList<>();
        for (String fixture : fixtures) {
            Path path = Fixtures.require(fixture);
            try (InputStream raw = Files.newInputStream(path);
                 BufferedReader reader = new BufferedReader(new InputStreamReader(
                         fixture.endsWith(".gz") ? new GZIPInputStream(raw) : raw, StandardCharsets.UTF_8))) {
                int taken = 0;
                String line;
                while (taken < limit && (line = reader.readLine()) != null) {
                    if (CaptureLine.parse(line) instanceof CaptureLine.Frame frame) {
                        frames.add(frame.frame());
                        taken++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return frames;
    }

    /** The captured frames, with each ticker (TYPE 2) followed by its last trade as a TYPE 0 trade frame. */
    static List<String> cryptoCompare(int limit, String... fixtures) {
        List<String> frames = new ArrayList<>();
        for (String frame : of(limit, fixtures)) {
            frames.add(frame);
            JsonNode ticker = JsonEdit.parse(frame).orElse(null);
            if (ticker == null || !ticker.path("TYPE").asText().equals("2") || !ticker.has("LASTTRADEID")) {
                continue;
            }
            ObjectNode trade = JsonEdit.JSON.createObjectNode().put("TYPE", "0");
            trade.set("M", ticker.get("MARKET"));
            trade.set("FSYM", ticker.get("FROMSYMBOL"));
            trade.set("TSYM", ticker.get("TOSYMBOL"));
            trade.put("F", ticker.path("FLAGS").asInt() & 3);
            trade.set("ID", ticker.get("LASTTRADEID"));
            trade.set("TS", ticker.get("LASTUPDATE"));
            trade.set("Q", ticker.get("LASTVOLUME"));
            trade.set("P", ticker.get("PRICE"));
            trade.set("TOTAL", ticker.get("LASTVOLUMETO"));
            trade.set("RTS", ticker.get("LASTUPDATE"));
            frames.add(JsonEdit.text(trade));
        }
        return frames;
    }

    /** Captured Coinbase Exchange matches as Advanced Trade {@code market_trades} frames of one to three trades. */
    static List<String> coinbaseAdvanced(int limit, String... exchangeFixtures) {
        List<ObjectNode> trades = new ArrayList<>();
        for (String frame : of(limit, exchangeFixtures)) {
            JsonNode match = JsonEdit.parse(frame).orElse(null);
            if (match == null || !match.path("type").asText().endsWith("match")) {
                continue;
            }
            ObjectNode trade = JsonEdit.JSON.createObjectNode();
            trade.put("product_id", match.path("product_id").asText());
            trade.put("trade_id", match.path("trade_id").asText());
            trade.put("price", match.path("price").asText());
            trade.put("size", match.path("size").asText());
            trade.put("time", match.path("time").asText());
            // The Exchange names the maker's side, Advanced Trade the taker's.
            trade.put("side", match.path("side").asText().equals("sell") ? "BUY" : "SELL");
            trades.add(trade);
        }
        List<String> frames = new ArrayList<>();
        for (int i = 0, sequence = 0; i < trades.size(); sequence++) {
            int take = Math.min(1 + sequence % 3, trades.size() - i);
            ObjectNode envelope = JsonEdit.JSON.createObjectNode();
            envelope.put("channel", "market_trades").put("client_id", "")
                    .put("timestamp", trades.get(i).path("time").asText()).put("sequence_num", sequence);
            ObjectNode event = envelope.putArray("events").addObject().put("type", "update");
            event.putArray("trades").addAll(trades.subList(i, i + take));
            frames.add(JsonEdit.text(envelope));
            i += take;
        }
        return frames;
    }

    /** Captured Kraken v1 trade arrays as v2 {@code trade} updates, numbers as JSON numbers like v2 sends them. */
    static List<String> krakenV2(int limit, String... v1Fixtures) {
        List<String> frames = new ArrayList<>();
        long tradeId = 110_386_729L;
        for (String frame : of(limit, v1Fixtures)) {
            JsonNode v1 = JsonEdit.parse(frame).orElse(null);
            if (v1 == null || !v1.isArray() || v1.size() != 4 || !v1.get(2).asText().equals("trade")) {
                continue;
            }
            ObjectNode v2 = JsonEdit.JSON.createObjectNode().put("channel", "trade").put("type", "update");
            ArrayNode data = v2.putArray("data");
            for (JsonNode fill : v1.get(1)) {
                BigDecimal seconds = new BigDecimal(fill.get(2).asText());
                data.addObject()
                        .put("symbol", v1.get(3).asText().replace("XBT", "BTC"))
                        .put("side", fill.get(3).asText().equals("b") ? "buy" : "sell")
                        .put("price", new BigDecimal(fill.get(0).asText()))
                        .put("qty", new BigDecimal(fill.get(1).asText()))
                        .put("ord_type", fill.get(4).asText().equals("m") ? "market" : "limit")
                        .put("trade_id", tradeId++)
                        .put("timestamp", Instant.ofEpochSecond(0, seconds.movePointRight(9).longValueExact()).toString());
            }
            frames.add(JsonEdit.text(v2));
        }
        return frames;
    }
}
