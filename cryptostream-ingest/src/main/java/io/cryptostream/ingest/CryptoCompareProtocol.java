package io.cryptostream.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cryptostream.domain.Market;
import io.cryptostream.exchange.cryptocompare.CryptoCompare;
import io.cryptostream.feed.FeedEvent;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.http.javadsl.model.headers.HttpCredentials;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * CryptoCompare streamer v2 as described by {@link CryptoCompare}: the server greets with TYPE 20 before the
 * subscription, trades are subscribed as {@code 0~EXCHANGE~BASE~QUOTE}, at least 5 s between connects. What differs
 * here: the key travels as {@code authorization: Apikey KEY} and is masked in everything logged, and its 401/429/500
 * frames mean what its documentation says (docs/venues.md).
 */
public final class CryptoCompareProtocol extends DescribedVenueProtocol {

    public static final String API_KEY_ENVIRONMENT_VARIABLE = "CRYPTOCOMPARE_API_KEY";
    public static final String API_KEY_FILE_OPTION = "--api-key-file";

    private static final JsonFactory JSON = new JsonFactory();

    public CryptoCompareProtocol(IngestSettings settings) {
        super(CryptoCompare.VENUE, settings);
    }

    @Override
    public WebSocketRequest handshake() {
        WebSocketRequest request = WebSocketRequest.create(ingestSettings().url().toString());
        return ingestSettings().apiKey()
                .map(key -> request.addHeader(Authorization.create(HttpCredentials.create("Apikey", key.reveal()))))
                .orElse(request);
    }

    @Override
    public ServerReaction onRejected(FeedEvent.Rejected rejected) {
        String reason = rejected.reason() == null ? "" : rejected.reason();
        String what = redact(rejected.code() + " " + reason + (rejected.detail() == null ? "" : ": " + rejected.detail()));
        return switch (rejected.code()) {
            case 401 -> new ServerReaction.Fail(keyRefused(what));
            case 429 -> reason.startsWith("TOO_MANY_SUBSCRIPTIONS")
                    ? new ServerReaction.Continue("CryptoCompare refused some of the " + ingestSettings().markets().size()
                        + " subscriptions (" + what + "); shorten the watchlist or use a plan that allows more")
                    : new ServerReaction.Reconnect("CryptoCompare refused the socket (" + what + ")"
                        + (reason.startsWith("TOO_MANY_SOCKETS")
                            ? ": another process may hold the sockets of this API key" : "")
                        + "; connecting again in no less than " + Durations.format(ingestSettings().rateLimitedWait()),
                        ingestSettings().rateLimitedWait());
            case 500 -> "FORCE_DISCONNECT".equals(reason)
                    ? new ServerReaction.Reconnect("CryptoCompare closed the socket (" + what + "); reconnecting",
                        Duration.ZERO)
                    : new ServerReaction.Continue("CryptoCompare reported an error (" + what + ")");
            default -> new ServerReaction.Continue("CryptoCompare reported an error (" + what + ")");
        };
    }

    @Override
    public ServerReaction onUpgradeRefused(int status, String reason) {
        RefusedUpgrade refused = RefusedUpgrade.of("CryptoCompare", status, reason).redacted(this::redact);
        if (status == 401 || status == 403) {
            return new ServerReaction.Fail(keyRefused(refused.what()));
        }
        return refused.reaction(ingestSettings());
    }

    @Override
    public Optional<Market> marketOf(String frame) {
        String exchange = null, base = null, quote = null;
        try (JsonParser p = JSON.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isStructStart()) {
                    p.skipChildren();
                } else if (value == JsonToken.VALUE_STRING) {
                    switch (name) {
                        case "M" -> exchange = p.getText();
                        case "FSYM" -> base = p.getText();
                        case "TSYM" -> quote = p.getText();
                        default -> { }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // A frame too broken to read its market is counted for the connection only.
        }
        if (exchange == null || base == null || quote == null
                || exchange.isBlank() || base.isBlank() || quote.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Market(exchange, base, quote));
    }

    @Override
    public String redact(String text) {
        return ingestSettings().apiKey().map(key -> key.redact(text)).orElse(text);
    }

    private static CredentialsRejectedException keyRefused(String what) {
        return new CredentialsRejectedException("CryptoCompare refused the API key (" + what + "). Set a valid key in "
                + "the environment variable " + API_KEY_ENVIRONMENT_VARIABLE + " or in the key file given by "
                + API_KEY_FILE_OPTION);
    }
}
