package io.cryptostream.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TradeJsonTest {

    private final Trade trade = Trade.of(new Market("Coinbase", "BTC", "USD"), TakerSide.SELL,
            new BigDecimal("61837.63000000"), new BigDecimal("0.00000001"), "5266583935",
            Instant.parse("2024-08-08T23:54:15.342123456Z"), Instant.parse("2024-08-08T23:54:16.001Z"));

    @Test
    void encodesTheDocumentedShapeWithDecimalsAsStrings() {
        assertThat(TradeJson.encode(trade)).isEqualTo("{\"v\":1,\"exchange\":\"Coinbase\",\"base\":\"BTC\",\"quote\":\"USD\","
                + "\"side\":\"SELL\",\"price\":\"61837.63000000\",\"quantity\":\"0.00000001\","
                + "\"quoteVolume\":\"0.0006183763000000\",\"tradeId\":\"5266583935\","
                + "\"eventTime\":\"2024-08-08T23:54:15.342123456Z\",\"receiveTime\":\"2024-08-08T23:54:16.001Z\"}");
    }

    @Test
    void roundTripsExactly() {
        Trade decoded = TradeJson.decode(TradeJson.encode(trade));
        assertThat(decoded).isEqualTo(trade);
        assertThat(decoded.price().toPlainString()).isEqualTo("61837.63000000");
    }

    @Test
    void theBytesAreTheTextInUtf8AndReadBackExactly() {
        Trade accented = Trade.of(new Market("Kraken", "BTC", "EUR"), TakerSide.BUY, new BigDecimal("1.5"),
                new BigDecimal("2"), "id-é€😀\"\\", Instant.parse("2024-08-08T23:54:15Z"),
                Instant.parse("2024-08-08T23:54:16Z"));

        assertThat(TradeJson.encodeBytes(trade)).isEqualTo(TradeJson.encode(trade).getBytes(StandardCharsets.UTF_8));
        assertThat(TradeJson.decode(new String(TradeJson.encodeBytes(accented), StandardCharsets.UTF_8)))
                .isEqualTo(accented);
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> TradeJson.decode("{\"exchange\":\"X\"}")).hasMessageContaining("missing field 'price'");
        assertThatThrownBy(() -> TradeJson.decode("[]")).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> TradeJson.decode("{")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void marketKeyKeepsPairsApart() {
        assertThat(trade.market().key()).isEqualTo("Coinbase:BTC-USD");
        assertThat(new Market("Coinbase", "ETH", "USD").key()).isNotEqualTo(trade.market().key());
    }
}
