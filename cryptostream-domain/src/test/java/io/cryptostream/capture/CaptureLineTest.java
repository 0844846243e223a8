package io.cryptostream.capture;

import io.cryptostream.fixtures.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class CaptureLineTest {

    @Test
    void readsTheThreeFormats() {
        assertThat(CaptureLine.parse("1723161255088176367 {\"stream\":\"btcusdt@trade\"}")).isEqualTo(new CaptureLine.Frame(
                Optional.of(Instant.parse("2024-08-08T23:54:15.088176367Z")), "{\"stream\":\"btcusdt@trade\"}"));
        assertThat(CaptureLine.parse("1618678142.592855: [993,[[\"354.11\"]],\"trade\",\"XMR/USD\"]")).isEqualTo(new CaptureLine.Frame(
                Optional.of(Instant.parse("2021-04-17T16:49:02.592855Z")), "[993,[[\"354.11\"]],\"trade\",\"XMR/USD\"]"));
        assertThat(CaptureLine.parse("{\"TYPE\":\"999\"}")).isEqualTo(new CaptureLine.Frame(Optional.empty(), "{\"TYPE\":\"999\"}"));
        assertThat(CaptureLine.parse("wss://ws.kraken.com <-> 1618678132.2")).isEqualTo(new CaptureLine.NotAFrame("connection opened"));
        assertThat(CaptureLine.parse("wss://ws.kraken.com <- 1618678132.3: {\"event\":\"subscribe\"}"))
                .isEqualTo(new CaptureLine.NotAFrame("sent by the client"));
        assertThat(CaptureLine.parse("   ")).isEqualTo(new CaptureLine.NotAFrame("blank"));
        assertThat(CaptureLine.parse("garbage")).isEqualTo(new CaptureLine.NotAFrame("unrecognized line"));
    }

    @Test
    void everyLineOfTheCryptofeedCapturesIsAFrameOrAKnownControlLine() throws IOException {
        for (String name : List.of("BINANCE.ws.1.0", "BINANCE_US.ws.1.0", "BITSTAMP.ws.1.0", "COINBASE.ws.28.0", "KRAKEN.ws.48.0")) {
            List<String> lines = Files.readAllLines(Fixtures.require("ws/cryptofeed/" + name), StandardCharsets.UTF_8);
            assertThat(lines.stream().map(CaptureLine::parse))
                    .as(name)
                    .allSatisfy(parsed -> assertThat(parsed).isNotEqualTo(new CaptureLine.NotAFrame("unrecognized line")));
            assertThat(lines.stream().map(CaptureLine::parse).filter(CaptureLine.Frame.class::isInstance)).as(name).isNotEmpty();
        }
    }

    @Test
    void everyHftbacktestLineIsAFrameWithANanosecondReceiveTime() throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(Fixtures.require("ws/binance_hftbacktest/spot_btcusdt_20240808.gz"))), StandardCharsets.UTF_8))) {
            List<CaptureLine> lines = reader.lines().map(CaptureLine::parse).toList();
            assertThat(lines).hasSize(41_249).allSatisfy(line -> assertThat(line).isInstanceOfSatisfying(CaptureLine.Frame.class,
                    frame -> assertThat(frame.receivedAt()).isPresent()));
        }
    }
}
