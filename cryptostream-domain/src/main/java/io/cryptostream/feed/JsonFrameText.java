package io.cryptostream.feed;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Writes one JSON object as frame text, for the frame writers and the simulated venues. */
public final class JsonFrameText {

    private JsonFrameText() {
    }

    /** Writes the fields of one JSON object. */
    @FunctionalInterface
    public interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** One JSON object holding {@code fields}; {@code venue} names the venue in the (unexpected) failure. */
    public static String object(String venue, Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FrameJson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a " + venue + " frame", e);
        }
        return out.toString();
    }
}
