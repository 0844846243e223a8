package io.cryptostream.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TradeFormatTest {

    @Test
    void aSettingNamesAFormatInAnyCase() {
        assertThat(TradeFormat.named("avro")).contains(TradeFormat.AVRO);
        assertThat(TradeFormat.named(" JSON ")).contains(TradeFormat.JSON);
        assertThat(TradeFormat.named("protobuf")).isEmpty();
        assertThat(TradeFormat.AVRO.settingValue()).isEqualTo("avro");
    }

    @Test
    void aRecordWithoutTheHeaderIsJson() {
        assertThat(TradeFormat.ofContentType((String) null)).isEqualTo(TradeFormat.JSON);
        assertThat(TradeFormat.ofContentType(TradeFormat.AVRO.contentType())).isEqualTo(TradeFormat.AVRO);
    }
}
