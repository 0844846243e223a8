package io.cryptostream.simulator;

import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.stream.javadsl.Flow;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers each HTTP request: the venue's WebSocket path upgrades, its REST trade-history paths answer pages and
 * its REST candle path candles, anything
 * else is refused with a hint.
 */
final class Routing {

    private final VenueProtocol protocol;
    private final HistoryEndpoint history;
    private final CandlesEndpoint candles;

    Routing(VenueProtocol protocol, HistoryEndpoint history, CandlesEndpoint candles) {
        this.protocol = protocol;
        this.history = history;
        this.candles = candles;
    }

    /** @param webSocket opens the client's WebSocket; called only for an upgrade request on the venue's path */
    HttpResponse respond(HttpRequest request, Supplier<Flow<Message, Message, NotUsed>> webSocket) {
        String path = request.getUri().path();
        if (!path.equals(protocol.path()) && history.serves(path)) {
            return history.respond(request, Instant.now());
        }
        if (!path.equals(protocol.path()) && candles.serves(path)) {
            return candles.respond(request, Instant.now());
        }
        if (!path.equals(protocol.path())) {
            return HttpResponse.create().withStatus(StatusCodes.NOT_FOUND).withEntity("No endpoint at " + path
                    + "; the " + protocol.name() + " simulator serves its WebSocket at " + protocol.path());
        }
        Optional<WebSocketUpgrade> upgrade = request.getAttribute(AttributeKeys.webSocketUpgrade);
        if (upgrade.isEmpty()) {
            return HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST)
                    .withEntity(protocol.path() + " is a WebSocket endpoint; send an upgrade request");
        }
        return upgrade.get().handleMessagesWith(webSocket.get());
    }
}
