package io.cryptostream.simulator;

import io.cryptostream.domain.Market;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client WebSocket: an outbound queue any thread may write to, the markets it subscribed to, and the TCP
 * connection's kill switch for abrupt drops.
 */
final class ClientConnection implements VenueConnection {

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    /** Frames waiting for a slow client; beyond this the client is dropped, as a real venue does. */
    static final int OUTBOUND_BUFFER = 16_384;
    private static final long INBOUND_FRAME_TIMEOUT_MILLIS = 5_000;

    private final long number;
    private final SimulatorServer server;
    private final SharedKillSwitch tcpKillSwitch;
    private final Materializer materializer;
    /** An empty element means: close the socket after what is queued before it. */
    private final BoundedSourceQueue<Optional<String>> outbound;
    private final Source<Optional<String>, NotUsed> outboundSource;
    private final Set<Market> subscriptions = ConcurrentHashMap.newKeySet();
    private final Set<Market> orderSubscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean terminated = new AtomicBoolean();
    private final CompletableFuture<Done> termination = new CompletableFuture<>();
    private volatile String credentialSlot;
    private volatile boolean stalled;

    ClientConnection(long number, SimulatorServer server, SharedKillSwitch tcpKillSwitch, Materializer materializer) {
        this.number = number;
        this.server = server;
        this.tcpKillSwitch = tcpKillSwitch;
        this.materializer = materializer;
        Pair<BoundedSourceQueue<Optional<String>>, Source<Optional<String>, NotUsed>> queue =
                Source.<Optional<String>>queue(OUTBOUND_BUFFER).preMaterialize(materializer);
        this.outbound = queue.first();
        this.outboundSource = queue.second();
    }

    long number() {
        return number;
    }

    /** The credential this connection holds a socket slot for; null until admitted. */
    String credentialSlot() {
        return credentialSlot;
    }

    void admit(String slot) {
        this.credentialSlot = slot;
    }

    /** The message flow the WebSocket upgrade runs: client frames go to the protocol, queued frames go out. */
    Flow<Message, Message, NotUsed> messageFlow() {
        Sink<Message, NotUsed> inbound = Flow.of(Message.class)
                .mapAsync(1, this::strictText)
                .filter(Optional::isPresent)
                .map(Optional::get)
                .to(Sink.foreach(frame -> server.onClientFrame(frame, this)));
        Source<Message, NotUsed> outgoing = outboundSource
                .takeWhile(Optional::isPresent)
                .map(frame -> {
                    server.onFrameSent();
                    return (Message) TextMessage.create(frame.get());
                })
                .watchTermination((notUsed, done) -> {
                    done.whenComplete((ok, failure) -> terminated());
                    return NotUsed.getInstance();
                });
        return Flow.fromSinkAndSourceCoupled(inbound, outgoing);
    }

    private CompletionStage<Optional<String>> strictText(Message message) {
        if (message.isText()) {
            return message.asTextMessage().toStrict(INBOUND_FRAME_TIMEOUT_MILLIS, materializer)
                    .thenApply(text -> Optional.of(text.getStrictText()));
        }
        // Binary frames mean nothing to a text protocol, but must be drained or the socket stalls.
        return message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer)
                .thenApply(done -> Optional.empty());
    }

    /** Frames queued for this client and not yet written to the socket. */
    int queued() {
        return outbound.size();
    }

    boolean isOpen() {
        return !closing.get() && !terminated.get();
    }

    @Override
    public void send(String frame) {
        if (closing.get() || stalled) {
            return;
        }
        QueueOfferResult result = outbound.offer(Optional.of(frame));
        if (result == QueueOfferResult.dropped()) {
            log.warn("Dropping simulator connection {}: the client fell {} frames behind", number, OUTBOUND_BUFFER);
            abort();
        }
    }

    @Override
    public boolean subscribe(Market market) {
        if (!subscriptions.add(market)) {
            return false;
        }
        RandomWalkMarket walk = server.market(market);
        walk.subscribe(this);
        // A connection that ended meanwhile may have released its markets before this one was added.
        if (terminated.get()) {
            walk.unsubscribe(this);
        }
        return true;
    }

    @Override
    public boolean unsubscribe(Market market) {
        if (!subscriptions.remove(market)) {
            return false;
        }
        server.market(market).unsubscribe(this);
        return true;
    }

    @Override
    public Set<Market> subscriptions() {
        return Set.copyOf(subscriptions);
    }

    @Override
    public boolean subscribeOrders(Market market) {
        if (!orderSubscriptions.add(market)) {
            return false;
        }
        RandomWalkMarket walk = server.market(market);
        walk.subscribeOrders(this);
        if (terminated.get()) {
            walk.unsubscribeOrders(this);
        }
        return true;
    }

    @Override
    public boolean unsubscribeOrders(Market market) {
        if (!orderSubscriptions.remove(market)) {
            return false;
        }
        server.market(market).unsubscribeOrders(this);
        return true;
    }

    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            outbound.offer(Optional.empty());
        }
    }

    /** From now on nothing reaches the client, yet the socket stays open: a stalled network path. */
    void stall() {
        stalled = true;
    }

    /** Cuts the TCP connection without a WebSocket close frame, like a network failure. */
    void abort() {
        closing.set(true);
        tcpKillSwitch.abort(new IOException("simulated connection drop (connection " + number + ")"));
    }

    /** Completes when the connection is gone, whichever side ended it. */
    CompletionStage<Done> termination() {
        return termination;
    }

    /** Releases the subscriptions and socket slot; called once whichever way the connection ended. */
    void terminated() {
        if (!terminated.compareAndSet(false, true)) {
            return;
        }
        closing.set(true);
        for (Market market : subscriptions) {
            server.market(market).unsubscribe(this);
        }
        subscriptions.clear();
        for (Market market : orderSubscriptions) {
            server.market(market).unsubscribeOrders(this);
        }
        orderSubscriptions.clear();
        server.onConnectionTerminated(this);
        termination.complete(Done.getInstance());
    }
}
