package io.cryptostream.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The JSON text frames the venue protocols read from clients and write to them. */
final class JsonFrames {

    static final JsonFactory JSON = new JsonFactory();
    static final ObjectMapper MAPPER = new ObjectMapper(JSON);
    private static final int ECHOED_FRAME_LIMIT = 200;

    private JsonFrames() {
    }

    /** Writes the fields of one JSON object. */
    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** One JSON object holding {@code fields}; {@code venue} names the venue in the (unexpected) failure. */
    static String object(String venue, Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a " + venue + " frame", e);
        }
        return out.toString();
    }

    /** The client's frame as a tree, or null when it is not JSON. */
    static JsonNode readOrNull(String frame) {
        try {
            return MAPPER.readTree(frame);
        } catch (IOException e) {
            return null;
        }
    }

    /** A client's frame quoted in an error, cut short so a huge frame does not come back whole. */
    static String echo(String text) {
        return text.length() <= ECHOED_FRAME_LIMIT ? text : text.substring(0, ECHOED_FRAME_LIMIT) + "...";
    }
}
