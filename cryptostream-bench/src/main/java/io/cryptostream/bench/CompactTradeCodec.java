package io.cryptostream.bench;

import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

/**
 * A compact binary form of a trade, measured as the alternative to TradeJson on the trades topic (the lever "binary
 * encoding"). Decimals stay exact: scale plus unscaled two's-complement bytes; times are seconds plus nanos.
 */
final class CompactTradeCodec {

    private static final TakerSide[] SIDES = TakerSide.values();

    private CompactTradeCodec() {
    }

    static byte[] encode(Trade trade) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF(trade.exchange());
            out.writeUTF(trade.base());
            out.writeUTF(trade.quote());
            out.writeByte(trade.side().ordinal());
            writeDecimal(out, trade.price());
            writeDecimal(out, trade.quantity());
            writeDecimal(out, trade.quoteVolume());
            out.writeUTF(trade.tradeId());
            writeInstant(out, trade.eventTime());
            writeInstant(out, trade.receiveTime());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode trade " + trade, e);
        }
        return bytes.toByteArray();
    }

    static Trade decode(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            int version = in.readByte();
            if (version != 1) {
                throw new IllegalArgumentException("unknown compact trade version " + version);
            }
            return new Trade(in.readUTF(), in.readUTF(), in.readUTF(), SIDES[in.readByte()], readDecimal(in),
                    readDecimal(in), readDecimal(in), in.readUTF(), readInstant(in), readInstant(in));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a compact trade (" + value.length + " bytes): " + e.getMessage(), e);
        }
    }

    private static void writeDecimal(DataOutputStream out, BigDecimal value) throws IOException {
        byte[] unscaled = value.unscaledValue().toByteArray();
        out.writeByte(value.scale());
        out.writeByte(unscaled.length);
        out.write(unscaled);
    }

    private static BigDecimal readDecimal(DataInputStream in) throws IOException {
        int scale = in.readByte();
        byte[] unscaled = new byte[in.readUnsignedByte()];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    private static void writeInstant(DataOutputStream out, Instant value) throws IOException {
        out.writeLong(value.getEpochSecond());
        out.writeInt(value.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
