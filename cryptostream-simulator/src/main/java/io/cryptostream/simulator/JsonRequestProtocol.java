package io.cryptostream.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptostream.exchange.Venue;
import io.cryptostream.feed.FrameWriter;

/**
 * A simulated venue whose clients send one JSON object per frame: anything else gets the venue's answer to a frame
 * it cannot read, and changes nothing.
 */
abstract class JsonRequestProtocol extends DescribedSimulatorProtocol {

    JsonRequestProtocol(Venue venue, FrameWriter frames) {
        super(venue, frames);
    }

    @Override
    public final void onClientFrame(String frame, VenueConnection connection) {
        JsonNode request = JsonFrames.readOrNull(frame);
        if (request == null || !request.isObject()) {
            connection.send(notAnObject(frame));
            return;
        }
        onRequest(request, frame, connection);
    }

    /** The venue's answer to a client frame that is not a JSON object. */
    abstract String notAnObject(String frame);

    /** Answers one JSON object from the client (its text is {@code frame}), acting on the connection. */
    abstract void onRequest(JsonNode request, String frame, VenueConnection connection);
}
