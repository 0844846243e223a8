package io.cryptostream.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.Venues;
import io.cryptostream.feed.FrameWriter;
import io.cryptostream.servers.JavaProcess;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.spark.SparkJvmFlags;
import io.cryptostream.store.CandleInterval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium: a page opened before any candle is stored draws, without a reload, the
 * candles a replay then stores, exactly those {@code candles --format json} prints for the same market and range; a
 * user who then picks 5-minute candles gets exactly those of {@code candles --interval 5m}.
 */
class DashboardIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of("target", "dashboard-screenshot.png");
    private static final Instant START = Instant.parse("2024-08-08T12:00:00Z");
    private static final String FROM = "2024-08-08T11:55:00Z";
    private static final String TO = "2024-08-08T12:20:00Z";
    /** One trade every 10 s for 15 minutes: three 5-minute candles, few trades for the replay to carry. */
    private static final int TRADES_PER_MARKET = 90;
    private static final long TRADE_EVERY_MILLIS = 10_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern URL = Pattern.compile("Dashboard at (http://\\S+)");
    /** What the page reads back from the chart ECharts drew, every number as JavaScript prints it. */
    private static final String DRAWN = """
            const chart = echarts.getInstanceByDom(document.getElementById('chart'));
            const option = chart && chart.getOption();
            return {
              status: document.getElementById('status').textContent,
              pipeline: document.getElementById('pipeline').textContent,
              markets: Array.from(document.getElementById('market').options).map(o => o.text),
              spans: Array.from(document.getElementById('range').options).map(o => o.text),
              times: option && option.xAxis ? option.xAxis[0].data.map(String) : [],
              candles: option && option.series ? option.series[0].data.map(c => c.map(String)) : [],
              volume: option && option.series ? option.series[1].data.map(String) : [],
              buy: option && option.series ? option.series[2].data.map(String) : [],
              sell: option && option.series ? option.series[3].data.map(String) : []
            };""";

    @Test
    void aPageOpenedBeforeAnyCandleDrawsTheStoredCandlesAsTheyArriveThenThoseOfTheIntervalAUserPicks(@TempDir Path work)
            throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        assumeTrue(installed || System.getenv("CI") != null, "skipped: no " + CHROMIUM + " or " + CHROMEDRIVER
                + " (install them with: apt-get install chromium chromium-driver)");
        assertThat(installed).as("CI installs chromium and chromium-driver (.ci/run)").isTrue();
        ServerEndpoints servers = TestServers.shared().endpoints();
        String keyspace = "dashboard_" + Long.toHexString(System.nanoTime());
        List<String> cassandra = List.of("--cassandra-url", servers.cassandraHostPort(), "--keyspace", keyspace,
                "--work-dir", work.toString());
        assertThat(run("schema", cassandra).exitCode()).isZero();
        Path capture = capture(work.resolve("binance.txt"), Venues.named("binance"));
        AtomicReference<String> url = new AtomicReference<>();

        try (JavaProcess dashboard = dashboard(cassandra, work, url);
             Browser browser = Browser.start(work.resolve("chromium"))) {
            await("the dashboard's URL").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> url.get() != null || !dashboard.isAlive());
            assertThat(url.get()).as(dashboard.describe()).isNotNull();
            browser.driver.get(url.get() + "?exchange=binance&market=btc-usdt&from=" + FROM + "&to=" + TO);
            await("the page's first answer").atMost(Duration.ofMinutes(1))
                    .until(() -> browser.drawn().get("status").toString().startsWith("No candles stored yet"));
            await("the pipeline panel saying why it is empty").atMost(Duration.ofMinutes(1)).until(() -> browser.drawn()
                    .get("pipeline").toString().startsWith("pipeline metrics not available: run the dashboard with --metrics-url"));

            CommandOutput replay = run("replay", List.of(capture.toString(), "--venue", "binance",
                    "--kafka-broker", servers.kafkaBootstrapServers()), cassandra);
            assertThat(replay.exitCode()).as(replay.err() + replay.out()).isZero();
            String storedJson = candlesJson(cassandra, "1m");
            List<Map<String, Object>> stored = candles(storedJson);
            assertThat(stored).hasSizeGreaterThan(5);

            Map<String, Object> drawn = browser.drawnWhen("the chart to draw every stored candle",
                    d -> assertThat((List<?>) d.get("times")).hasSameSizeAs(stored));
            browser.screenshot(SCREENSHOT);
            assertThat(drawn.get("markets")).isEqualTo(List.of("Binance BTC-USDT", "Binance ETH-USDT"));
            assertThat(drawn.get("spans")).isEqualTo(List.of("1 hour", "6 hours", "24 hours"));
            assertDrawnAre(drawn, stored);
            assertThat(get(url.get() + "api/candles?exchange=Binance&market=BTC-USDT&from=" + FROM + "&to=" + TO))
                    .isEqualTo(new Answer(200, storedJson));

            browser.pick("interval", "5m");
            List<Map<String, Object>> fiveMinutes = candles(candlesJson(cassandra, "5m"));
            assertThat(fiveMinutes).hasSizeGreaterThanOrEqualTo(3);
            Map<String, Object> drawnFiveMinutes = browser.drawnWhen("the chart to draw the 5-minute candles",
                    d -> assertThat(d.get("times")).isEqualTo(column(fiveMinutes, "window_start")));
            assertDrawnAre(drawnFiveMinutes, fiveMinutes);
            assertThat(drawnFiveMinutes.get("spans")).isEqualTo(List.of("1 hour", "6 hours", "24 hours", "3 days"));
            assertThat(browser.driver.getCurrentUrl()).contains("interval=5m");

            assertThat(get(url.get() + "api/candles?exchange=Binance&market=BTC-USDT&interval=5m&fill=true&from="
                    + FROM + "&to=" + TO)).isEqualTo(new Answer(200, candlesJson(cassandra, "5m", "--fill")));
            assertThat(get(url.get() + "api/candles?exchange=Binance&market=BTCUSDT&from=" + FROM + "&to=" + TO))
                    .isEqualTo(new Answer(400, "{\"error\":\"market must be BASE-QUOTE, e.g. BTC-USD; was 'BTCUSDT'\"}"));
            assertThat(get(url.get() + "api/candles?exchange=Binance&market=BTC-USDT&interval=10m&from=" + FROM + "&to="
                    + TO)).isEqualTo(new Answer(400, "{\"error\":\"interval must be one of " + CandleInterval.labels()
                    + "; was '10m'\"}"));
        }
    }

    /** The page drew {@code candles}: the same times, and the same OHLC and volumes as decimals. */
    private static void assertDrawnAre(Map<String, Object> drawn, List<Map<String, Object>> candles) {
        assertThat(drawn.get("times")).isEqualTo(column(candles, "window_start"));
        assertThat(decimals(drawn.get("candles"))).isEqualTo(candles.stream()
                .map(c -> List.of(c.get("open"), c.get("close"), c.get("low"), c.get("high")))
                .map(DashboardIT::decimals).toList());
        assertThat(decimals(drawn.get("volume"))).isEqualTo(decimals(column(candles, "volume")));
        assertThat(decimals(drawn.get("buy"))).isEqualTo(decimals(column(candles, "buy_volume")));
        assertThat(decimals(drawn.get("sell"))).isEqualTo(decimals(column(candles, "sell_volume")));
    }

    /** Two markets' trades over several minutes, as Binance's frame writer writes them, one receive time each. */
    private static Path capture(Path file, Venue venue) throws IOException {
        FrameWriter writer = venue.frames().get();
        List<String> lines = new ArrayList<>();
        List<Market> markets = venue.markets(List.of("BTCUSDT", "ETHUSDT"));
        for (int m = 0; m < markets.size(); m++) {
            BigDecimal base = new BigDecimal(m == 0 ? "61837.63" : "2654.2");
            for (int i = 0; i < TRADES_PER_MARKET; i++) {
                Instant at = START.plus(i * TRADE_EVERY_MILLIS + m, ChronoUnit.MILLIS);
                // A swing over the minutes with a jitter within each: candles of both colours and real wicks.
                BigDecimal price = base.add(BigDecimal.valueOf(Math.round(900 * Math.sin(i / 10.0)), 2))
                        .add(BigDecimal.valueOf((i * 37L) % 23 - 11, 1));
                Trade trade = writer.asReported(Trade.of(markets.get(m), i % 3 == 0 ? TakerSide.SELL : TakerSide.BUY,
                        price, new BigDecimal("0.00" + (i % 9 + 1)), Long.toString(7_100_000_000L + m * 1000L + i),
                        at, at.plusMillis(40)));
                long receivedNanos = trade.receiveTime().getEpochSecond() * 1_000_000_000L + trade.receiveTime().getNano();
                lines.add(receivedNanos + " " + writer.tradeFrame(trade));
            }
        }
        lines.sort(null);
        return Files.write(file, lines);
    }

    /** The dashboard command in its own JVM, as a user starts it; {@code url} gets the address it prints. */
    private static JavaProcess dashboard(List<String> cassandra, Path work, AtomicReference<String> url) {
        List<String> args = new ArrayList<>(List.of("dashboard", "--port", "0"));
        args.addAll(cassandra);
        return JavaProcess.of("dashboard", CryptostreamCommand.class)
                .jvmOptions(List.of("-Xmx384m"))
                .jvmOptions(SparkJvmFlags.list())
                .jvmOptions(List.of("-Dlog4j2.configurationFile=log4j2.properties"))
                .arguments(args)
                .log(work.resolve("dashboard.log"))
                .onLine(line -> {
                    Matcher found = URL.matcher(line);
                    if (found.find()) {
                        url.set(found.group(1));
                    }
                })
                .start();
    }

    /** What {@code candles --interval INTERVAL --format json} prints for the page's market and range. */
    private static String candlesJson(List<String> cassandra, String interval, String... more) {
        List<String> args = new ArrayList<>(List.of("--exchange", "binance", "--symbol", "btc-usdt", "--from", FROM,
                "--to", TO, "--interval", interval, "--format", "json"));
        args.addAll(List.of(more));
        CommandOutput candles = run("candles", args, cassandra);
        assertThat(candles.exitCode()).as(candles.err()).isZero();
        return candles.out();
    }

    private static List<Map<String, Object>> candles(String json) throws IOException {
        return new ObjectMapper().readValue(json, new TypeReference<>() { });
    }

    private record Answer(int status, String body) {
    }

    private static Answer get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    private static CommandOutput run(String command, List<String> cassandra) {
        return run(command, List.of(), cassandra);
    }

    private static CommandOutput run(String command, List<String> args, List<String> cassandra) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(args);
        all.addAll(cassandra);
        return CommandOutput.run(all.toArray(String[]::new));
    }

    private static List<Object> column(List<Map<String, Object>> candles, String name) {
        return candles.stream().map(c -> c.get(name)).toList();
    }

    /** Decimal texts as values, so that 61837.6 and 61837.60 (or 1e-7 and 0.0000001) compare equal. */
    @SuppressWarnings("unchecked")
    private static List<Object> decimals(Object values) {
        return ((List<Object>) values).stream()
                .map(v -> v instanceof List<?> ? decimals(v) : new BigDecimal(v.toString()).stripTrailingZeros())
                .toList();
    }

    /** Headless Chromium with a fresh profile, kept off the network it does not need. */
    private record Browser(ChromeDriver driver) implements AutoCloseable {

        static Browser start(Path profile) {
            ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,800", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options));
        }

        /** What the chart drew once it {@code satisfies} the check: one reading, checked and returned. */
        Map<String, Object> drawnWhen(String what, Consumer<Map<String, Object>> satisfies) {
            AtomicReference<Map<String, Object>> drawn = new AtomicReference<>();
            await(what).atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                drawn.set(drawn());
                satisfies.accept(drawn.get());
            });
            return drawn.get();
        }

        /** Opens the picker {@code id} and clicks its option {@code value}, as a user does. */
        void pick(String id, String value) {
            driver.findElement(By.id(id)).click();
            driver.findElement(By.cssSelector("#" + id + " option[value='" + value + "']")).click();
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> drawn() {
            return (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(DRAWN);
        }

        void screenshot(Path file) throws IOException {
            Files.createDirectories(file.getParent());
            File taken = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(taken.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        @Override
        public void close() {
            driver.quit();
        }
    }
}
