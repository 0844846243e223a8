package io.cryptostream.simulator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults injected on demand into every open connection: dropped and stalled sockets, silenced heartbeats,
 * malformed and unknown frames, forced disconnects. Each returns how many connections it reached.
 */
final class Faults {

    /** Under the server's name, where the simulator's logs have always been. */
    private static final Logger log = LoggerFactory.getLogger(SimulatorServer.class);

    private final VenueProtocol protocol;
    private final Admission admission;
    private final AtomicInteger malformedCursor = new AtomicInteger();
    private volatile boolean heartbeatsEnabled = true;

    Faults(VenueProtocol protocol, Admission admission) {
        this.protocol = protocol;
        this.admission = admission;
    }

    int dropAllConnections() {
        List<ClientConnection> open = admission.open();
        open.forEach(ClientConnection::abort);
        log.info("Fault: dropped {} connection(s)", open.size());
        return open.size();
    }

    void stopHeartbeats() {
        heartbeatsEnabled = false;
        log.info("Fault: heartbeats stopped");
    }

    void resumeHeartbeats() {
        heartbeatsEnabled = true;
        log.info("Heartbeats resumed");
    }

    boolean heartbeatsEnabled() {
        return heartbeatsEnabled;
    }

    int stallAllConnections() {
        List<ClientConnection> open = admission.open();
        open.forEach(ClientConnection::stall);
        log.info("Fault: stalled {} connection(s)", open.size());
        return open.size();
    }

    int sendMalformedFrames(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        List<String> samples = protocol.malformedFrames();
        List<ClientConnection> open = admission.open();
        for (int i = 0; i < count; i++) {
            String frame = samples.get(Math.floorMod(malformedCursor.getAndIncrement(), samples.size()));
            open.forEach(connection -> connection.send(frame));
        }
        log.info("Fault: sent {} malformed frame(s) to {} connection(s)", count, open.size());
        return open.size();
    }

    int sendUnknownTypeFrame() {
        String frame = protocol.unknownTypeFrame(Instant.now());
        List<ClientConnection> open = admission.open();
        open.forEach(connection -> connection.send(frame));
        return open.size();
    }

    int forceDisconnectAll() {
        String frame = protocol.forceDisconnectFrame();
        List<ClientConnection> open = admission.open();
        open.forEach(connection -> {
            connection.send(frame);
            connection.close();
        });
        log.info("Fault: force-disconnected {} connection(s)", open.size());
        return open.size();
    }
}
