package io.cryptostream.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** Reading the JSON text frames clients send to the simulated venues. */
final class JsonFrames {

    static final JsonFactory JSON = new JsonFactory();
    static final ObjectMapper MAPPER = new ObjectMapper(JSON);
    private static final int ECHOED_FRAME_LIMIT = 200;

    private JsonFrames() {
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
