package io.cryptostream.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderJsonTest {

    private final OrderEvent order = new OrderEvent("Bitstamp", "BTC", "USD", OrderSide.BUY, OrderAction.CREATED,
            "1496011283275781", new BigDecimal("31483.10"), new BigDecimal("7.92010000"),
            Instant.parse("2022-06-01T08:28:24.363Z"), Instant.parse("2022-06-01T08:28:24.401Z"));

    @Test
    void roundTripsTheDocumentedShape() {
        String json = OrderJson.encode(order);
        assertThat(json).isEqualTo("{\"v\":1,\"exchange\":\"Bitstamp\",\"base\":\"BTC\",\"quote\":\"USD\",\"side\":\"BUY\","
                + "\"action\":\"CREATED\",\"orderId\":\"1496011283275781\",\"price\":\"31483.10\",\"amount\":\"7.92010000\","
                + "\"eventTime\":\"2022-06-01T08:28:24.363Z\",\"receiveTime\":\"2022-06-01T08:28:24.401Z\"}");
        assertThat(OrderJson.decode(json)).isEqualTo(order);
        assertThat(order.notional()).isEqualByComparingTo("249349.30031");
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> OrderJson.decode("{\"side\":\"BUY\"}")).hasMessageContaining("missing field 'action'");
        assertThatThrownBy(() -> OrderJson.decode("[]")).hasMessageContaining("must be an object");
    }
}
