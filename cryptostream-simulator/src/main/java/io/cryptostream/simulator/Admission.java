package io.cryptostream.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who may keep a WebSocket open: the venue's greeting decides, from the sockets each credential holds here. Holds the
 * admitted connections until they end.
 */
final class Admission {

    private final VenueProtocol protocol;
    private final SimulatorConfig config;
    private final Instant startedAt;
    private final Set<ClientConnection> open = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final Map<String, Integer> socketsPerCredential = new HashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    Admission(VenueProtocol protocol, SimulatorConfig config, Instant startedAt) {
        this.protocol = protocol;
        this.config = config;
        this.startedAt = startedAt;
    }

    /** Sends the venue's first frame, then admits the connection or closes it after its refusal. */
    void greet(ClientConnection connection, Optional<String> credential) {
        String slot = credential.orElse("");
        synchronized (lock) {
            VenueProtocol.Greeting greeting = protocol.greet(new VenueProtocol.Handshake(credential, config,
                    socketsPerCredential.getOrDefault(slot, 0), connection.number(), Instant.now(),
                    Duration.between(startedAt, Instant.now())));
            if (greeting.frame() != null) {
                connection.send(greeting.frame());
            }
            if (greeting.admitted()) {
                socketsPerCredential.merge(slot, 1, Integer::sum);
                connection.admit(slot);
                open.add(connection);
                accepted.incrementAndGet();
            } else {
                refused.incrementAndGet();
                connection.close();
            }
        }
    }

    /** Frees the connection's socket slot, whichever way it ended. */
    void release(ClientConnection connection) {
        open.remove(connection);
        String slot = connection.credentialSlot();
        if (slot != null) {
            synchronized (lock) {
                socketsPerCredential.computeIfPresent(slot, (key, sockets) -> sockets <= 1 ? null : sockets - 1);
            }
        }
    }

    /** The admitted connections open now, as a snapshot. */
    List<ClientConnection> open() {
        return List.copyOf(open);
    }

    int openCount() {
        return open.size();
    }

    long accepted() {
        return accepted.get();
    }

    long refused() {
        return refused.get();
    }
}
