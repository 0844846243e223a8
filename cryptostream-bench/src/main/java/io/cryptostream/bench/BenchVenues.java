package io.cryptostream.bench;

import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.simulator.VenueProtocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The venues the bench measures: every exchange codec and every simulator protocol, each under the name it is
 * reported by. They are found on the classpath by class name ({@link ClasspathClasses}), so a new venue needs no
 * bench change; this is the one place to read them from a venue registry instead.
 */
final class BenchVenues {

    private BenchVenues() {
    }

    /** Every exchange codec; those that cannot be built without arguments are listed in {@code skipped}. */
    static List<ClasspathClasses.Named<ExchangeCodec>> codecs(List<String> skipped) {
        return ClasspathClasses.instances(ExchangeCodec.class, "io.cryptostream.exchange", "Codec", skipped);
    }

    /** The codec reported as {@code name}, e.g. "Binance (SPOT)". */
    static ExchangeCodec codec(String name) {
        return codecs(new ArrayList<>()).stream().filter(codec -> codec.name().equals(name)).findFirst()
                .map(ClasspathClasses.Named::instance)
                .orElseThrow(() -> new IllegalArgumentException("No exchange codec named " + name));
    }

    /** Every venue simulator's protocol. */
    static List<ClasspathClasses.Named<VenueProtocol>> simulators(List<String> skipped) {
        return ClasspathClasses.instances(VenueProtocol.class, "io.cryptostream.simulator", "Protocol", skipped);
    }
}
